package dev.lucent.audit.cli;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.ImageInput;
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
 * {@code lucent audit --model FILE|DIR --data FILE --label COLUMN [--test FILE|FOLDER [--test-labels LABELS.idx1[.gz]]] [--pixels 0-1|0-255|imagenet|RANGE,mean=M,std=S] [--current FILE] [--explainers id,...]
 * [--out report.html] [--pdf report.pdf] [--json report.json] [--csv findings.csv] [--seed S] [--param id.name=value]...
 * [--sensitive sex,age:<40,40-65,>65]
 * [--time-limit SECONDS] [--budget SECONDS] [--memory MiB]}, the model a {@code .lucent} or {@code .onnx} file or a folder holding one:
 * runs an audit through the {@link AuditRunner}, stores the report in the
 * journal, writes the exports asked for. Progress on stderr; exit 0 no verdict failed and no explainer errored (WARN
 * included), 1 a verdict failed, 2 bad input or usage, 3 an explainer errored or was skipped and none failed (see
 * {@link #exitCode}).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=audit")
public final class AuditCommand implements HeadlessCommand {

    static final String USAGE = "usage: audit --model FILE.lucent|FILE.onnx|DIR --data FILE.csv|IMAGES.idx3[.gz]|FOLDER"
            + " [--label COLUMN | --labels LABELS.idx1[.gz]] [--test FILE|FOLDER [--test-labels LABELS.idx1[.gz]]] [--pixels 0-1|0-255|imagenet|RANGE,mean=M,std=S] [--current FILE] [--explainers id,...]"
            + " [--out report.html] [--pdf report.pdf] [--json report.json] [--csv findings.csv] [--card card.md] [--seed S]"
            + " [--param id.name=value] [--sensitive COLUMN[:BINS|:qN],...]"
            + " [--time-limit SECONDS] [--budget SECONDS] [--memory MiB] [--max-model-mb MiB (read by the launcher: the ONNX import budget)]";
    private static final Set<String> OPTIONS = Set.of("--model", "--data", "--label", "--labels", "--test", "--test-labels", "--pixels", "--current", "--explainers", "--out",
            "--pdf", "--json", "--csv", "--card", "--seed", "--param", "--time-limit", "--budget", "--memory", "--sensitive");

    /** Which file each option writes. */
    private static final Map<String, ReportExports.Format> EXPORT_OPTIONS = Map.of("--json", ReportExports.Format.JSON,
            "--out", ReportExports.Format.HTML, "--pdf", ReportExports.Format.PDF, "--csv", ReportExports.Format.CSV,
            "--card", ReportExports.Format.MODEL_CARD);

    private final AuditRunner runner;
    private final ReportStore store;
    private final ReportExports exports;

    @Activate
    public AuditCommand(@Reference AuditRunner runner,
                        @Reference(cardinality = ReferenceCardinality.OPTIONAL) ReportStore store, @Reference ReportExports exports) {
        this.runner = runner;
        this.store = store;
        this.exports = exports;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("lucent audit: " + USAGE);
            return 0;
        }
        AuditRequest request;
        Map<ReportExports.Format, Path> files = new LinkedHashMap<>();
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS);
            Path data = Path.of(a.required("--data"));
            request = AuditRequest.of(Path.of(a.required("--model")), data, TrainCommand.label(a, data));
            if (a.get("--test") != null) request = request.withTestData(Path.of(a.get("--test")));
            if (a.get("--test-labels") != null || a.get("--pixels") != null)
                request = request.withImageInput(new ImageInput(a.get("--test-labels") == null ? null : Path.of(a.get("--test-labels")),
                        a.get("--pixels")));
            if (a.get("--current") != null) request = request.withCurrentData(Path.of(a.get("--current")), name(Path.of(a.get("--current"))));
            if (a.get("--explainers") != null)
                request = request.withExplainers(Arrays.stream(a.get("--explainers").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
            if (a.get("--seed") != null) request = request.withSeed(AuditRequest.seed(a.get("--seed")));
            request = request.withParameters(AuditRequest.parameters(a.all("--param")));
            if (a.get("--sensitive") != null) request = request.withSensitive(a.get("--sensitive"));
            request = request.withLimits(a.get("--time-limit") == null ? AuditRequest.DEFAULT_TIME_LIMIT : AuditRequest.timeLimit(a.get("--time-limit")),
                    AuditRequest.memoryOrSized(a.get("--memory")));
            if (a.get("--budget") != null) request = request.withBudget(AuditRequest.budget(a.get("--budget")));
            request = request.withDisplayNames(name(request.model()), name(request.data()),
                    request.testData() == null ? null : name(request.testData()));
            EXPORT_OPTIONS.forEach((option, format) -> {
                if (a.get(option) != null) files.put(format, Path.of(a.get(option)));
            });
        } catch (CliArgs.UsageException | IllegalArgumentException e) {
            err.println("lucent audit: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        Audited audited;
        StderrProgress progress = new StderrProgress(err, StderrProgress.onTerminal());
        try {
            audited = runner.runAndStore(request, progress, store);
        } catch (AuditException e) {
            progress.finish();
            err.println("lucent audit: " + e.getMessage());
            return 2;
        }
        progress.finish();
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
            for (Map.Entry<ReportExports.Format, Path> e : files.entrySet())
                Files.write(e.getValue(), exports.render(e.getKey(), report, stored, stored == null ? null : stored.problem()));
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

    /**
     * Progress on stderr. On a terminal: one line, rewritten in place ({@code \r}, cleared to its end) and cut to the
     * terminal's width, ended when the audit is. Otherwise (a pipeline's log): a line when an explainer starts and one
     * when it ends, and a line per audit-wide message, not one per progress tick (an audit sends thousands).
     */
    static final class StderrProgress implements AuditProgress {
        static final int WIDTH = 100;
        private final PrintStream err;
        private final boolean terminal;
        private String last = "";
        private String current;
        private boolean open;

        StderrProgress(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        /** Whether stderr is most likely a terminal: a console exists and (Java 22+) says it is one. */
        static boolean onTerminal() {
            java.io.Console c = System.console();
            if (c == null) return false;
            try {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
            } catch (ReflectiveOperationException e) {
                return true; // Java 17 to 21: a console only when stdin and stdout are terminals
            }
        }

        @Override
        public synchronized void update(Event e) {
            String line = e.explainerId() == null ? oneLine(e.message())
                    : String.format(Locale.ROOT, "[%d/%d] %s: %3.0f%% %s", e.index() + 1, e.total(), e.explainerId(),
                    e.fraction() * 100, oneLine(e.message()));
            if (line.equals(last)) return;
            last = line;
            if (terminal) {
                err.print("\r" + (line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…" : line) + "\033[K");
                open = true;
            } else if (e.explainerId() == null || e.fraction() >= 1 || !e.explainerId().equals(current)) {
                err.println(line);
            }
            current = e.explainerId();
            err.flush();
        }

        /** Ends the updating line, so what follows starts on a line of its own. */
        synchronized void finish() {
            if (open) err.println();
            open = false;
            err.flush();
        }
    }
}
