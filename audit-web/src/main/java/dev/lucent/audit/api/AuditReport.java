package dev.lucent.audit.api;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit, immutable: what ran, what it found, where it came from. Every output (console, HTML, JSON, CSV,
 * CLI) renders this one model.
 *
 * @param schema       the JSON schema version, {@value #SCHEMA}
 * @param id           unique id of the report
 * @param title        e.g. "Audit of breast-cancer-mlp on bc.csv"
 * @param runs         the explainers' runs in the order they ran
 * @param findingsHash SHA-256 (hex) of the canonical JSON of the runs' ids, versions and findings only: the
 *                     same inputs give the same findings hash (replay)
 * @param reportHash   SHA-256 (hex) of the canonical JSON of the whole report but this field
 */
public record AuditReport(String schema, String id, String title, String modelName, Provenance provenance,
                          List<ExplainerRun> runs, String findingsHash, String reportHash) {

    public static final String SCHEMA = "lucent-report/1.3";
    /**
     * Schemas this version reads: 1.1 adds the model format and the display names to the provenance, 1.2 the parameters
     * left at their defaults and the current data compared for drift, 1.3 each run's CPU time.
     */
    public static final java.util.Set<String> READABLE = java.util.Set.of("lucent-report/1", "lucent-report/1.1", "lucent-report/1.2",
            SCHEMA);

    public AuditReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provenance, "provenance");
        runs = List.copyOf(runs);
    }

    /** A finding with the explainer that made it. */
    public record Entry(ExplainerRun run, Finding finding) {
    }

    /** Every verdict, worst first (ERROR, FAIL, WARN, PASS, NOT_APPLICABLE), then by stage, then in run order. */
    public List<Entry> verdicts() {
        List<Entry> out = new ArrayList<>();
        for (ExplainerRun r : runs)
            for (Finding f : r.findings())
                if (f instanceof Verdict) out.add(new Entry(r, f));
        out.sort(Comparator.comparingInt((Entry e) -> severity(((Verdict) e.finding()).outcome()))
                .thenComparing(e -> e.finding().stage()));
        return out;
    }

    /** Every finding but verdicts, by lifecycle stage in order; within a stage in run order. */
    public Map<Stage, List<Entry>> byStage() {
        Map<Stage, List<Entry>> m = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) m.put(s, new ArrayList<>());
        for (ExplainerRun r : runs)
            for (Finding f : r.findings())
                if (!(f instanceof Verdict)) m.get(f.stage()).add(new Entry(r, f));
        m.replaceAll((k, v) -> List.copyOf(v));
        return m;
    }

    /** Verdict counts by outcome. */
    public Map<Verdict.Outcome, Integer> counts() {
        Map<Verdict.Outcome, Integer> c = new EnumMap<>(Verdict.Outcome.class);
        for (Verdict.Outcome o : Verdict.Outcome.values()) c.put(o, 0);
        for (Entry e : verdicts()) c.merge(((Verdict) e.finding()).outcome(), 1, Integer::sum);
        return c;
    }

    /** True when no verdict failed or errored. */
    public boolean passed() {
        Map<Verdict.Outcome, Integer> c = counts();
        return c.get(Verdict.Outcome.FAIL) == 0 && c.get(Verdict.Outcome.ERROR) == 0;
    }

    /** How bad an outcome is, worst first: ERROR 0, FAIL 1, WARN 2, PASS 3, NOT_APPLICABLE 4. */
    public static int severity(Verdict.Outcome o) {
        return switch (o) {
            case ERROR -> 0;
            case FAIL -> 1;
            case WARN -> 2;
            case PASS -> 3;
            case NOT_APPLICABLE -> 4;
        };
    }
}
