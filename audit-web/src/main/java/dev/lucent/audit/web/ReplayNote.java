package dev.lucent.audit.web;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why the console cannot replay a stored report, said on its page instead of a Replay button that would fail: a
 * report sealed by the Spark runner and imported was made on a cluster from data the console never held, and one
 * made by the CLI names files the console does not keep. Null when the console holds the report's files.
 */
final class ReplayNote {
    private ReplayNote() {
    }

    /** Whether the Spark runner sealed the report (docs/scale-out.md: its provenance names the runner). */
    static boolean fromSpark(Provenance p) {
        String runner = p.machine().get("runner");
        return runner != null && runner.startsWith("Apache Spark");
    }

    /**
     * @param filesHeld whether the console holds every file the report's provenance names (model, data, test, current)
     */
    static String of(AuditReport report, boolean filesHeld) {
        Provenance p = report.provenance();
        if (fromSpark(p))
            return "Imported: this report was made by the Spark runner on " + p.dataFile() + ", which this console does not hold; "
                    + "replay it with spark-submit (docs/scale-out.md): " + sparkCommand(report) + ", and compare the findings hash "
                    + report.findingsHash() + ".";
        if (!filesHeld)
            return "This report was made from files the console does not hold (the CLI's, an imported report's, or deleted); "
                    + "replay it with lucent.jar audit on the same files with --seed " + p.seed() + " and compare the findings hash "
                    + report.findingsHash() + ".";
        return null;
    }

    /** The Spark audit's command line from what the provenance records. */
    static String sparkCommand(AuditReport report) {
        Provenance p = report.provenance();
        StringBuilder s = new StringBuilder("spark-submit --class dev.lucent.spark.SparkAuditMain lucent-spark.jar audit --model ")
                .append(p.modelFile()).append(" --data ").append(p.dataFile());
        if (p.currentFile() != null) s.append(" --current ").append(p.currentFile());
        s.append(" --label ").append(p.labelColumn()).append(" --seed ").append(p.seed());
        String sample = p.machine().get("sample");
        if (sample != null) s.append(" --sample ").append(sample);
        String rows = p.machine().get("explainedRows");
        if (rows != null) s.append(" --rows ").append(rows);
        s.append(" --explainers ").append(report.runs().stream().map(ExplainerRun::explainerId).collect(Collectors.joining(",")));
        for (Map.Entry<String, Map<String, String>> e : p.parameters().entrySet())
            for (Map.Entry<String, String> v : e.getValue().entrySet())
                s.append(" --param ").append(e.getKey()).append('.').append(v.getKey()).append('=').append(v.getValue());
        return s.append(" --json report.json").toString();
    }
}
