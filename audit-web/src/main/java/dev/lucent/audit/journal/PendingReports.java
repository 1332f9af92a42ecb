package dev.lucent.audit.journal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reports that could not be appended (disk full, a journal that cannot be appended to yet), kept in
 * {@code <data>/journal/pending/<report id>.report} so an audit's result is never lost; the journal appends
 * them, oldest first, at its next append or its next start, and deletes each file once its entry is on disk.
 */
final class PendingReports {
    static final String FOLDER = "pending";
    private static final String SUFFIX = ".report";

    private final Path folder;

    PendingReports(Path journalDir) {
        this.folder = journalDir.resolve(FOLDER);
    }

    record Pending(String reportId, Path file) {
    }

    /** Keeps a report's bytes whole (written beside, then renamed), returning where they are. */
    Path keep(String reportId, byte[] payload) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(reportId + SUFFIX);
        Path tmp = folder.resolve(reportId + SUFFIX + ".tmp");
        Files.write(tmp, payload);
        FileJournal.fsync(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        FileJournal.fsync(folder);
        return file;
    }

    /** The kept reports, oldest first. */
    List<Pending> list() throws IOException {
        List<Pending> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path p : s) files.add(p);
        }
        files.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return java.nio.file.attribute.FileTime.fromMillis(0);
            }
        }).thenComparing(Path::toString));
        for (Path p : files) {
            String name = p.getFileName().toString();
            String id = name.substring(0, name.length() - SUFFIX.length());
            if (EntryCodec.isValidId(id)) out.add(new Pending(id, p));
        }
        return out;
    }

    /** Sets aside a kept report the journal refused for good (e.g. its id was appended meanwhile). */
    Path setAside(Pending p, String why) throws IOException {
        Path to = folder.resolve(p.file().getFileName() + ".refused");
        Files.move(p.file(), to, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(folder.resolve(p.file().getFileName() + ".refused.why"), why + "\n");
        return to;
    }
}
