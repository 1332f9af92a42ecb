package dev.lucent.audit.cli;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.Audited;
import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.report.ReportExports;
import dev.lucent.explain.api.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

/**
 * {@code lucent audit --model FILE|DIR --data FILE --label COLUMN [--test FILE] [--current FILE] [--explainers id,...]
 * [--out report.html] [--pdf report.pdf] [--json report.json] [--csv findings.csv] [--seed S] [--param id.name=value]...
 * [--sensitive sex,age:<40,40-65,>65]
 * [--time-limit SECONDS] [--memory MiB]}, the model a {@code .lucent} or {@code .onnx} file or a folder holding one:
 * runs an audit through the {@link AuditRunner}, stores the report in the
 * journal, writes the exports asked for. Progress on stderr; exit 0 no verdict failed and no explainer errored (WARN
 * included), 1 a verdict failed, 2 bad input or usage, 3 an explainer errored or was skipped and none failed (see
 * {@link #exitCode}).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=audit")
public final class AuditCommand implements HeadlessCommand {

    static final String USAGE = "usage: audit --model FILE.lucent|FILE.onnx|DIR --data FILE.csv|IMAGES.idx3[.gz]|FOLDER"
            + " [--label COLUMN | --labels LABELS.idx1[.gz]] [--test FILE] [--current FILE] [--explainers id,...]"
            + " [--out report.html] [--pdf report.pdf] [--json report.json] [--csv findings.csv] [--card card.md] [--seed S]"
            + " [--param id.name=value] [--sensitive COLUMN[:BINS|:qN],...]"
            + " [--time-limit SECONDS] [--memory MiB] [--max-model-mb MiB (read by the launcher: the ONNX import budget)]";
    private static final Set<String> OPTIONS = Set.of("--model", "--data", "--label", "--labels", "--test", "--current", "--explainers", "--out",
            "--pdf", "--json", "--csv", "--card", "--seed", "--param", "--time-limit", "--memory", "--sensitive");

    /** Which file each option writes. */
    private static final Map<String, ReportExports.Format> EXPORT_OPTIONS = Map.of("--json", ReportExports.Format.JSON,
            "--out", ReportExports.Format.HTML, "--pdf", ReportExports.Format.PDF, "--csv", ReportExports.Format.CSV,
            "--card", ReportExports.Format.MODEL_CARD);

    private final AuditRunner runner;
    private final ReportStore store;

    @Activate
    public AuditCommand(@Reference AuditRunner runner,
                        @Reference(cardinality = ReferenceCardinality.OPTIONAL) ReportStore store) {
        this.runner = runner;
        this.store = store;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("lucent audit: " + USAGE);
            return 0;
        }
        AuditRequest request;
        Map<ReportExports.Format, Path> exports = new LinkedHashMap<>();
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS);
            Path data = Path.of(a.required("--data"));
            request = AuditRequest.of(Path.of(a.required("--model")), data, TrainCommand.label(a, data));
            if (a.get("--test") != null) request = request.withTestData(Path.of(a.get("--test")));
            if (a.get("--current") != null) request = request.withCurrentData(Path.of(a.get("--current")), name(Path.of(a.get("--current"))));
            if (a.get("--explainers") != null)
                request = request.withExplainers(Arrays.stream(a.get("--explainers").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
            if (a.get("--seed") != null) request = request.withSeed(AuditRequest.seed(a.get("--seed")));
            request = request.withParameters(AuditRequest.parameters(a.all("--param")));
            if (a.get("--sensitive") != null) request = request.withSensitive(a.get("--sensitive"));
            request = request.withLimits(a.get("--time-limit") == null ? AuditRequest.DEFAULT_TIME_LIMIT : AuditRequest.timeLimit(a.get("--time-limit")),
                    a.get("--memory") == null ? AuditRequest.DEFAULT_MEMORY_MB : AuditRequest.memoryLimitMb(a.get("--memory")));
            request = request.withDisplayNames(name(request.model()), name(request.data()),
                    request.testData() == null ? null : name(request.testData()));
            EXPORT_OPTIONS.forEach((option, format) -> {
                if (a.get(option) != null) exports.put(format, Path.of(a.get(option)));
            });
        } catch (CliArgs.UsageException | IllegalArgumentException e) {
            err.println("lucent audit: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        Audited audited;
        try {
            audited = runner.runAndStore(request, new StderrProgress(err), store);
        } catch (AuditException e) {
            err.println("lucent audit: " + e.getMessage());
            return 2;
        }
        AuditReport report = audited.report();
        ReportStore.StoredReport stored = audited.stored();
        if (stored != null) {
            err.println("stored in the journal as entry " + stored.journalIndex() + " (" + stored.journalHash() + ")");
            // the head as of this entry: a later verify --since shows the journal was not rolled back past it
            err.println(dev.lucent.audit.journal.JournalVerifyCommand.head(stored.journalIndex() + 1, stored.journalHash()));
        } else {
            err.println("lucent audit: the report was not stored in the journal: " + audited.notStored());
        }
        try {
            for (Map.Entry<ReportExports.Format, Path> e : exports.entrySet())
                Files.write(e.getValue(), ReportExports.render(e.getKey(), report, stored, stored == null ? null : stored.problem()));
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("lucent audit: cannot write the report: " + e.getMessage());
            return 2;
        }
        summary(report, out);
        return exitCode(report);
    }

    /** A verdict failed: the model is rejected, whatever else happened. */
    public static final int EXIT_FAILED = 1;
    /** Bad input or usage: nothing was audited. */
    public static final int EXIT_USAGE = 2;
    /**
     * No verdict failed but an explainer errored (threw, timed out, ran out of memory) or was skipped (quarantined): the
     * audit is incomplete.
     */
    public static final int EXIT_INCOMPLETE = 3;

    /**
     * What a pipeline needs to tell apart: 0 no verdict failed and every explainer finished (PASS, WARN and NOT APPLICABLE
     * all exit 0: a WARN asks a reader to look, not a pipeline to stop); 1 a verdict failed; 3 an explainer errored or
     * was skipped as quarantined and none failed, so the audit is incomplete and is worth running again (more time or
     * memory, or the explainer re-enabled) before deciding.
     */
    static int exitCode(AuditReport report) {
        Map<Verdict.Outcome, Integer> c = report.counts();
        if (c.get(Verdict.Outcome.FAIL) > 0) return EXIT_FAILED;
        boolean skipped = report.runs().stream().anyMatch(r -> r.status() == dev.lucent.audit.api.ExplainerRun.Status.SKIPPED);
        return c.get(Verdict.Outcome.ERROR) > 0 || skipped ? EXIT_INCOMPLETE : 0;
    }

    /** The file name as the user gave it, for titles: "bc.csv", not the absolute path. */
    private static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    static void summary(AuditReport r, PrintStream out) {
        Map<Verdict.Outcome, Integer> c = r.counts();
        out.printf(Locale.ROOT, "%s: %s (%d pass, %d warn, %d fail, %d error, %d not applicable)%n", r.title(),
                r.passed() ? "PASSED" : "FAILED", c.get(Verdict.Outcome.PASS), c.get(Verdict.Outcome.WARN),
                c.get(Verdict.Outcome.FAIL), c.get(Verdict.Outcome.ERROR), c.get(Verdict.Outcome.NOT_APPLICABLE));
        List<AuditReport.Entry> bad = new ArrayList<>();
        for (AuditReport.Entry e : r.verdicts()) {
            Verdict.Outcome o = ((Verdict) e.finding()).outcome();
            if (o == Verdict.Outcome.FAIL || o == Verdict.Outcome.ERROR) bad.add(e);
        }
        for (AuditReport.Entry e : bad) {
            Verdict v = (Verdict) e.finding();
            out.println("  " + v.outcome() + " " + e.run().explainerId() + ": " + oneLine(v.title()) + ": " + oneLine(v.summary()));
        }
        out.println("findings hash " + r.findingsHash());
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\p{Cntrl}", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /** Progress lines on stderr, one per start, finish and change of message. */
    static final class StderrProgress implements AuditProgress {
        private final PrintStream err;
        private String last = "";

        StderrProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void update(Event e) {
            String line = String.format(Locale.ROOT, "[%d/%d] %s: %3.0f%% %s", e.index() + 1, e.total(), e.explainerId(),
                    e.fraction() * 100, oneLine(e.message()));
            if (line.equals(last)) return;
            last = line;
            err.println(line);
            err.flush();
        }
    }
}
