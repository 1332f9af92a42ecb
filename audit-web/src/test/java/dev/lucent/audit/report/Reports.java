package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Report fixtures: every finding kind, awkward numbers, and names a hostile CSV could carry. */
final class Reports {
    static final List<String> HOSTILE = List.of(
            "<script>document.title='pwned'</script>",
            "\" onmouseover=\"alert(1)",
            "<img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "[[${T(java.lang.Runtime).getRuntime().exec('id')}]]",
            "__${7*7}__",
            "=HYPERLINK(\"http://evil\")",
            "</svg><script>alert(2)</script>");

    private Reports() {
    }

    static List<Finding> findings(List<String> names, double bump) {
        double[] v = new double[names.size()];
        for (int i = 0; i < v.length; i++) v[i] = (i % 2 == 0 ? 1 : -1) * (i + 0.5) / 3.0;
        v[0] += bump;
        return List.of(
                new Verdict(names.get(0) + " verdict", Stage.VALIDATION, Verdict.Outcome.PASS, "summary " + names.get(1),
                        List.of("evidence " + names.get(2)), "remedy " + names.get(3)),
                new FeatureAttribution("attributions", Stage.EXPLANATIONS, "mean over rows, class " + names.get(4), names, v,
                        new double[]{0.1, Double.NaN, 0.2, 0, 0.1, 0.1, 0.1, 0.1}, names.get(5)),
                new Metric("accuracy", Stage.VALIDATION, names.get(6), 0.1 + 0.2, Double.NaN, Double.POSITIVE_INFINITY, 0.95, null),
                new Curve("ROC", Stage.VALIDATION, "false positive rate", names.get(7),
                        List.of(new Curve.Series(names.get(0), new double[]{0, 0.5, 1}, new double[]{0, -0.0, 1}),
                                new Curve.Series("chance", new double[]{0, 1}, new double[]{Double.MIN_VALUE, Double.MAX_VALUE})), "n"),
                new Table("Confusion matrix", Stage.VALIDATION, List.of("true \\ predicted", names.get(0), names.get(1)),
                        List.of(List.of(names.get(0), "12", "3"), List.of(names.get(1), "1", "20")), null),
                new ImageHeatmap("heatmap", Stage.EXPLANATIONS, names.get(2), 2, 3, new double[]{1, -2, 3, 0, 0.5, -0.25},
                        new double[]{0, 0.2, 0.4, 0.6, 0.8, 1}, "note"));
    }

    /** The standalone HTML export, as ReportExports writes it. */
    static String html(AuditReport r, dev.lucent.audit.api.ReportStore.StoredReport stored) {
        return new String(new ReportExports().render(ReportExports.Format.HTML, r, stored, stored == null ? null : stored.problem()),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The report's body alone, as the console's report page includes it (the same fragment and view). */
    static String body(AuditReport r, String notGenuine) {
        org.thymeleaf.context.Context c = new org.thymeleaf.context.Context(java.util.Locale.ENGLISH);
        c.setVariable("view", new ReportExports().view(r, notGenuine));
        return Templates.engine().process("report/body", java.util.Set.of("report(view)"), c);
    }

    static AuditReport report(List<String> names, double bump, Instant started) {
        List<ExplainerRun> runs = List.of(
                new ExplainerRun(new ExplainerRef("hostile", names.get(0), "1.0.0", "test", "bundle " + names.get(1), "1.0.0"),
                        ExplainerRun.Status.OK, findings(names, bump), 12),
                new ExplainerRun(new ExplainerRef("broken", "Broken", "2.0.0", "test", "plugin.jar", "0.1.0"), ExplainerRun.Status.ERROR,
                        List.of(new Verdict("Broken failed", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.ERROR, "threw", List.of(), "fix")), 3));
        Provenance p = new Provenance("model.lucent", "ab".repeat(32), names.get(0) + ".csv", "cd".repeat(32), null, null,
                names.get(1), "split", 42, Map.of("hostile", "1.0.0"), Map.of("hostile", Map.of("k", names.get(2))), "0.1.0",
                started, started.plusSeconds(5), Map.of("java", "17"));
        return ReportJson.seal("id-" + started.toEpochMilli(), "Audit of " + names.get(3), names.get(4), p, runs);
    }
}
