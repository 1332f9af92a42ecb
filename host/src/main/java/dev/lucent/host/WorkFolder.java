package dev.lucent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where Lucent keeps working files: {@code <data>/work/}, never the system's temporary folder, so that a host
 * writes only to its data and plugins folders. Each entry is named {@code <kind>-<pid>-<random>} after the process
 * that made it (headless framework caches here, audit folders by audit-web's runner); a serving host and a command
 * delete, at start, the entries of processes that are gone (killed before they could clean up). A worker JVM is
 * told its audit's folder instead, with the system property {@value #PROPERTY}.
 */
final class WorkFolder {

    static final String NAME = "work";
    static final String PROPERTY = "lucent.work";
    private static final Pattern OWNED = Pattern.compile("[a-z]+-(\\d+)-.*");

    private WorkFolder() {
    }

    static Path of(Path data) {
        String set = System.getProperty(PROPERTY);
        return set != null && !set.isBlank() ? Path.of(set) : data.resolve(NAME);
    }

    static String prefix(String kind) {
        return kind + "-" + ProcessHandle.current().pid() + "-";
    }

    /** Deletes the entries of processes no longer alive; returns what was deleted. Never fails the start. */
    static List<Path> sweep(Path work) {
        if (!Files.isDirectory(work)) return List.of();
        try (Stream<Path> s = Files.list(work)) {
            List<Path> stale = s.filter(p -> {
                Matcher m = OWNED.matcher(p.getFileName().toString());
                return m.matches() && !alive(m.group(1));
            }).toList();
            stale.forEach(WorkFolder::deleteQuietly);
            return stale;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // what is left is swept at the next start
        }
    }
}
