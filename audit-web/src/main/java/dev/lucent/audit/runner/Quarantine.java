package dev.lucent.audit.runner;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Properties;

/**
 * Failure streaks per explainer id, kept in the data folder so they survive restarts and CLI runs: a run that
 * ends in an error adds one, a good run resets it, and at the limit the explainer is quarantined until an
 * operator re-enables it.
 */
final class Quarantine {
    private final Path file;
    private final int limit;
    private final Properties p = new Properties();
    private Stamp seen; // the file as last read or written here

    /**
     * What tells one version of the file from another: every writer replaces it by an atomic move, so a new
     * version is a new file (inode) even within the modification time's granularity (a second on some file systems).
     */
    private record Stamp(Object fileKey, FileTime modified, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
            } catch (IOException gone) {
                return null;
            }
        }
    }

    Quarantine(Path file, int limit) {
        this.file = file;
        this.limit = limit;
        refresh();
    }

    /**
     * Reads the file again when another process changed it (the CLI's {@code explainers --enable} beside a serving
     * host), so that a re-enabled explainer is not quarantined again by this process's stale copy.
     */
    private void refresh() {
        if (file == null) return;
        Stamp now = Stamp.of(file);
        if (java.util.Objects.equals(now, seen)) return;
        seen = now;
        p.clear();
        if (now == null) return;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            // an unreadable file starts every streak at zero: nothing is quarantined by a broken file
            p.clear();
        }
    }

    synchronized int streak(String id) {
        refresh();
        try {
            return Integer.parseInt(p.getProperty(id + ".streak", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    synchronized String lastError(String id) {
        refresh();
        return p.getProperty(id + ".lastError");
    }

    synchronized boolean quarantined(String id) {
        return streak(id) >= limit;
    }

    synchronized void failed(String id, String why) {
        p.setProperty(id + ".streak", Integer.toString(streak(id) + 1));
        p.setProperty(id + ".lastError", why.length() > 300 ? why.substring(0, 300) : why);
        save();
    }

    synchronized void succeeded(String id) {
        refresh();
        if (p.remove(id + ".streak") != null | p.remove(id + ".lastError") != null) save();
    }

    synchronized void reenable(String id) {
        succeeded(id);
    }

    private void save() {
        if (file == null) return;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Lucent explainer failure streaks");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            seen = Stamp.of(file);
        } catch (IOException e) {
            // the streak stays in memory for this process
        }
    }
}
