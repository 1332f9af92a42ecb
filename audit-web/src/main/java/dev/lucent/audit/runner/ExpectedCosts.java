package dev.lucent.audit.runner;

import dev.lucent.audit.api.ExplainerRun;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What each explainer took when it last ran, kept in the data folder, so the next audit can balance its lanes: lanes
 * change where an explainer runs, never what it finds, so this is the one place where the machine's past may steer an
 * audit. An unreadable file balances as if empty.
 */
final class ExpectedCosts {
    private final Path file;

    ExpectedCosts(Path file) {
        this.file = file;
    }

    /** Milliseconds by explainer id, as last recorded. */
    synchronized Map<String, Long> read() {
        Map<String, Long> out = new HashMap<>();
        if (file == null || !Files.isRegularFile(file)) return out;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            for (String id : p.stringPropertyNames()) out.put(id, Long.parseLong(p.getProperty(id).trim()));
        } catch (IOException | IllegalArgumentException e) {
            out.clear();
        }
        return out;
    }

    /** Records the runs that ran (finished or failed) over the earlier figures; written by an atomic move. */
    synchronized void record(List<ExplainerRun> runs) {
        if (file == null) return;
        Properties p = new Properties();
        read().forEach((id, ms) -> p.setProperty(id, Long.toString(ms)));
        for (ExplainerRun r : runs)
            if (r.status() != ExplainerRun.Status.SKIPPED) p.setProperty(r.explainerId(), Long.toString(r.millis()));
        try {
            Path tmp = Files.createTempFile(file.getParent(), "explainer-times", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "milliseconds each explainer took when it last ran: balances the next audit's lanes");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // balancing is a nicety: the next audit deals the explainers out unbalanced
        }
    }

    /**
     * The explainers dealt into {@code lanes}, longest expected first, each to the lane expected to be free first
     * (an unknown explainer counts {@code unknownMillis}, its share of the budget); each lane keeps the asked order.
     */
    static List<List<String>> lanes(List<String> ids, int lanes, Map<String, Long> expected, long unknownMillis) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong((Integer i) -> -expected.getOrDefault(ids.get(i), unknownMillis)).thenComparing(i -> i));
        long[] load = new long[lanes];
        List<List<Integer>> picked = new ArrayList<>();
        for (int l = 0; l < lanes; l++) picked.add(new ArrayList<>());
        for (int i : order) {
            int lane = 0;
            for (int l = 1; l < lanes; l++) if (load[l] < load[lane]) lane = l;
            load[lane] += expected.getOrDefault(ids.get(i), unknownMillis);
            picked.get(lane).add(i);
        }
        List<List<String>> out = new ArrayList<>();
        for (List<Integer> p : picked) {
            p.sort(Comparator.naturalOrder());
            List<String> lane = new ArrayList<>();
            for (int i : p) lane.add(ids.get(i));
            out.add(lane);
        }
        return out;
    }
}
