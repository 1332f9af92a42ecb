package dev.lucent.host.it;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The forgery of issue #19, point 3: a stored report changed from FAIL to PASS with its inner hashes (findings and
 * report hash) recomputed, and the journal's chain recomputed after it (sign-offs re-pointed at the new hash),
 * but nothing re-signed: the forger has no key. (The same as audit-web's test helper of that name, which this
 * module's tests cannot see.)
 */
final class ForgedJournal {
    private ForgedJournal() {
    }

    /** A sealed report with one verdict of the given outcome. */
    static AuditReport report(String id, Verdict.Outcome outcome, Instant finished) {
        List<Finding> findings = List.of(new Verdict("Accuracy above the bar", Stage.VALIDATION, outcome,
                "held-out accuracy 0.61, the bar is 0.90", List.of("accuracy 0.61 [0.55, 0.67]"), "retrain"));
        List<ExplainerRun> runs = List.of(new ExplainerRun(new ExplainerRef("performance", "Performance", "1.0.0", "performance",
                "lucent-explainers-performance", "1.0.0"), ExplainerRun.Status.OK, findings, 12));
        Provenance p = new Provenance("model.lucent", "ab".repeat(32), "data.csv", "cd".repeat(32), null, null, "label",
                "70/15/15", 42, Map.of("performance", "1.0.0"), Map.of(), "0.1.0", finished.minusSeconds(5), finished,
                Map.of("java", "17"));
        return ReportJson.seal(id, "Audit of " + id, "mlp", p, runs);
    }

    /** Rewrites {@code <data>/journal/entries.journal}: report {@code id} now passes; hashes and chain recomputed, signatures kept. */
    static void failToPass(Path data, String id) throws Exception {
        Path file = data.resolve("journal").resolve("entries.journal");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.US_ASCII));
        String previous = null, oldHash = null, newHash = null;
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ");
            if (previous == null && !(f[2].equals("report") && f[3].equals(id))) continue;
            if (previous == null) {
                AuditReport r = ReportJson.read(new String(Base64.getDecoder().decode(f[8]), StandardCharsets.UTF_8));
                List<ExplainerRun> runs = new ArrayList<>();
                for (ExplainerRun run : r.runs())
                    runs.add(new ExplainerRun(run.explainer(), run.status(), run.findings().stream().map(ForgedJournal::passing).toList(), run.millis()));
                AuditReport forged = ReportJson.seal(r.id(), r.title(), r.modelName(), r.provenance(), runs);
                f[8] = Base64.getEncoder().encodeToString(ReportJson.write(forged).getBytes(StandardCharsets.UTF_8));
                oldHash = f[9];
            } else {
                f[7] = previous;
                if (f[2].equals("sign-off")) {
                    String json = new String(Base64.getDecoder().decode(f[8]), StandardCharsets.UTF_8).replace(oldHash, newHash);
                    f[8] = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            String body = String.join(" ", Arrays.copyOfRange(f, 0, 9));
            f[9] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.US_ASCII)));
            if (newHash == null) newHash = f[9];
            previous = f[9];
            lines.set(i, body + " " + f[9] + " " + f[10]);
        }
        if (previous == null) throw new IllegalArgumentException("no report " + id);
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static Finding passing(Finding f) {
        return f instanceof Verdict v && v.outcome() == Verdict.Outcome.FAIL
                ? new Verdict(v.title(), v.stage(), Verdict.Outcome.PASS, v.summary(), v.evidence(), v.remedy()) : f;
    }
}
