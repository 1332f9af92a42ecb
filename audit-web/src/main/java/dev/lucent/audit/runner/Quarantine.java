package dev.lucent.audit.runner;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    Quarantine(Path file, int limit) {
        this.file = file;
        this.limit = limit;
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                // an unreadable file starts every streak at zero: nothing is quarantined by a broken file
                p.clear();
            }
        }
    }

    synchronized int streak(String id) {
        try {
            return Integer.parseInt(p.getProperty(id + ".streak", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    synchronized String lastError(String id) {
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
        } catch (IOException e) {
            // the streak stays in memory for this process
        }
    }
}
