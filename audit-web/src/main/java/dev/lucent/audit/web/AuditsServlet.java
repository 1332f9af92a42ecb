package dev.lucent.audit.web;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.Audited;
import dev.lucent.audit.api.ExplainerState;
import dev.lucent.audit.api.ImageInput;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.web.upload.UploadStore;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.data.DataFormatException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /audits/new}: choose a model, data and explainers from the live registry, with parameters;
 * {@code POST /audits} runs it through the {@link AuditRunner} (the service the CLI uses too) as a
 * background job with progress per explainer and cancel, stores the sealed report in the journal and leads
 * to it. {@code POST /demo} is the first-start demo: the bundled breast cancer data, an MLP trained on it,
 * and an audit with every installed explainer.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/audits/new",
        "osgi.http.whiteboard.servlet.pattern=/audits",
        "osgi.http.whiteboard.servlet.pattern=/demo",
        "osgi.http.whiteboard.servlet.name=lucent-audits"})
public final class AuditsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /**
     * An explainer offered by the form.
     *
     * @param needs what it needs of the model and data, in words ("class labels, a held-out split"); empty for nothing
     */
    public record ExplainerChoice(String id, String name, String family, String version, String bundle, String needs,
                                  boolean quarantined, int failureStreak, String lastError, List<ParameterField> parameters) {
        /** A choice without declared parameters (tests). */
        public ExplainerChoice(String id, String name, String family, String version, String bundle, String needs,
                               boolean quarantined, int failureStreak, String lastError) {
            this(id, name, family, version, bundle, needs, quarantined, failureStreak, lastError, List.of());
        }
    }

    /**
     * One declared parameter as a form field, named {@code explainer-id.name} (ids and the form's other fields have no
     * dot); left blank, the default holds.
     *
     * @param choices the values offered, for a choice; empty for a text field
     * @param value   what the user typed (kept when the form comes back with an error); empty for the default
     */
    public record ParameterField(String field, String name, String type, String range, String defaultValue, String meaning,
                                 List<String> choices, String value) {
    }

    static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("model", ""), Map.entry("data", ""), Map.entry("label", ""),
            Map.entry("test", ""), Map.entry("current", ""), Map.entry("seed", "42"), Map.entry("timeLimit", "180"),
            Map.entry("memory", ""), Map.entry("parameters", ""), Map.entry("sensitive", ""), Map.entry("pixels", ""),
            Map.entry("budget", Long.toString(AuditRequest.DEFAULT_BUDGET.toSeconds())));

    private final transient Console console;
    private final transient UploadStore uploads;
    private final transient Jobs jobs;
    private final transient AuditRunner runner;
    private final transient ReportStore reports;

    @Activate
    public AuditsServlet(@Reference Console console, @Reference UploadStore uploads, @Reference Jobs jobs,
                         @Reference AuditRunner runner, @Reference ReportStore reports) {
        this.console = console;
        this.uploads = uploads;
        this.jobs = jobs;
        this.runner = runner;
        this.reports = reports;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getServletPath().equals("/audits/new")) {
            Console.seeOther(resp, "/reports");
            return;
        }
        Map<String, String> form = new HashMap<>(DEFAULTS);
        Optional.ofNullable(req.getParameter("model")).ifPresent(v -> form.put("model", v));
        Optional.ofNullable(req.getParameter("data")).ifPresent(v -> form.put("data", v));
        page(req, resp, HttpServletResponse.SC_OK, form, null, null);
    }

    private void page(HttpServletRequest req, HttpServletResponse resp, int status, Map<String, String> form,
                      Set<String> chosen, String error) throws IOException {
        Map<String, String> typed = fieldValues(req);
        List<ExplainerChoice> choices = runner.explainers().stream()
                .map(e -> new ExplainerChoice(e.id(), e.explainer().name(), e.explainer().family(), e.explainer().version(),
                        e.explainer().bundle() + " " + e.explainer().bundleVersion(),
                        e.needs().stream().sorted().map(ExplainerInfo.Need::words).collect(Collectors.joining(", ")),
                        e.quarantined(), e.failureStreak(), e.lastError(),
                        e.parameters().stream().map(p -> new ParameterField(e.id() + "." + p.name(), p.name(), p.type().words(), p.range(),
                                p.defaultValue(), p.meaning(), p.choices(), typed.getOrDefault(e.id() + "." + p.name(), ""))).toList()))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("models", uploads.list(UploadStore.Kind.MODEL).stream().filter(m -> m.extension().equals("lucent") || m.extension().equals("onnx"))
                .map(UploadsServlet::row).toList());
        model.put("datasets", uploads.list(UploadStore.Kind.DATASET).stream().map(UploadsServlet::row).toList());
        model.put("explainers", choices);
        model.put("chosen", chosen == null ? choices.stream().filter(c -> !c.quarantined()).map(ExplainerChoice::id).toList() : List.copyOf(chosen));
        model.put("form", form);
        model.put("error", error);
        console.render(req, resp, status, "audit", "audit", model);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getServletPath().equals("/demo")) {
            demo(req, resp);
            return;
        }
        if (!req.getServletPath().equals("/audits")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Map<String, String> form = new HashMap<>(DEFAULTS);
        for (String f : DEFAULTS.keySet()) {
            String v = req.getParameter(f);
            if (v != null) form.put(f, v.length() > 20_000 ? v.substring(0, 20_000) : v);
        }
        // the parameter fields become the parser's lines, after any lines posted as text (scripts): one parser, one set of rules
        List<String> lines = new java.util.ArrayList<>(form.get("parameters").lines().toList());
        fieldValues(req).forEach((field, value) -> {
            if (!value.isBlank()) lines.add(field + " = " + value);
        });
        form.put("parameters", String.join("\n", lines));
        String[] ids = Optional.ofNullable(req.getParameterValues("explainer")).orElse(new String[0]);
        Set<String> chosen = new java.util.LinkedHashSet<>(List.of(ids));
        try {
            UploadStore.Stored model = uploads.find(UploadStore.Kind.MODEL, form.get("model"))
                    .orElseThrow(() -> new IllegalArgumentException("choose a model"));
            UploadStore.Stored data = uploads.find(UploadStore.Kind.DATASET, form.get("data"))
                    .orElseThrow(() -> new IllegalArgumentException("choose a data set"));
            Optional<UploadStore.Stored> test = form.get("test").isBlank() ? Optional.empty()
                    : Optional.of(uploads.find(UploadStore.Kind.DATASET, form.get("test"))
                    .orElseThrow(() -> new IllegalArgumentException("no such test data set")));
            Optional<UploadStore.Stored> current = form.get("current").isBlank() ? Optional.empty()
                    : Optional.of(uploads.find(UploadStore.Kind.DATASET, form.get("current"))
                    .orElseThrow(() -> new IllegalArgumentException("no such current data set")));
            String label = form.get("label").strip();
            if (label.isEmpty()) throw new IllegalArgumentException("name the label column");
            if (chosen.isEmpty()) throw new IllegalArgumentException("choose at least one explainer");
            Set<String> installed = new java.util.HashSet<>(runner.explainers().stream().map(ExplainerState::id).toList());
            for (String id : chosen) if (!installed.contains(id)) throw new IllegalArgumentException("no explainer '" + id + "' is installed");
            // the form never offers a quarantined explainer (its box is disabled); one posted anyway (a page older than
            // the quarantine) is refused by the runner's rule, here before the job starts, as the CLI refuses it
            runner.refuseQuarantined(chosen);
            AuditRequest request = formRequest(form, chosen, model.file(), data.dataPath(), test.map(UploadStore.Stored::dataPath).orElse(null))
                    .withDisplayNames(model.originalName(), data.originalName(), test.map(UploadStore.Stored::originalName).orElse(null))
                    .withCurrentData(current.map(UploadStore.Stored::dataPath).orElse(null), current.map(UploadStore.Stored::originalName).orElse(null));
            request.checkParameters(declared(runner)); // refused here, on the form, not in a job that fails later
            String title = "Audit of " + model.originalName() + " on " + data.originalName();
            Map<String, String> shown = new HashMap<>();
            shown.put(model.file().toString(), model.originalName());
            shown.put(data.dataPath().toString(), data.originalName());
            test.ifPresent(t -> shown.put(t.dataPath().toString(), t.originalName()));
            current.ifPresent(c -> shown.put(c.dataPath().toString(), c.originalName()));
            Job job = jobs.submit("audit", title, Console.userName(req), j -> audit(request, shown, j));
            Console.seeOther(resp, "/jobs/" + job.id());
        } catch (IllegalArgumentException | IllegalStateException | AuditException e) {
            page(req, resp, HttpServletResponse.SC_BAD_REQUEST, form, chosen, e.getMessage());
        }
    }

    /**
     * The form's request: seed, limits and parameter lines read by {@link AuditRequest}'s own parsers, so the form accepts
     * exactly what the CLI accepts, with the same messages; the pixel scaling (for an ONNX model on images) by
     * {@link ImageInput}'s parser, as {@code --pixels} is.
     */
    static AuditRequest formRequest(Map<String, String> form, Set<String> chosen, java.nio.file.Path model, java.nio.file.Path data,
                                    java.nio.file.Path test) {
        return new AuditRequest(model, data, form.get("label").strip(), test, List.copyOf(chosen), AuditRequest.seed(form.get("seed")),
                AuditRequest.parameters(form.get("parameters").lines().toList()), AuditRequest.timeLimit(form.get("timeLimit")),
                AuditRequest.memoryOrSized(form.get("memory"))).withSensitive(form.get("sensitive"))
                .withImageInput(new ImageInput(null, form.get("pixels"))).withBudget(AuditRequest.budget(form.get("budget")));
    }

    /** The parameter fields posted (named {@code explainer-id.name}), in the order posted, at most what a request may hold. */
    private static Map<String, String> fieldValues(HttpServletRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!"POST".equals(req.getMethod())) return out;
        for (String name : java.util.Collections.list(req.getParameterNames())) {
            if (name.indexOf('.') <= 0 || name.length() > 200) continue;
            String v = req.getParameter(name);
            if (v != null && out.size() < 4 * AuditRequest.MAX_PARAMETERS) out.put(name, v.length() > 1000 ? v.substring(0, 1000) : v);
        }
        return out;
    }

    /** What each installed explainer declares, by id. */
    static Map<String, ExplainerInfo> declared(AuditRunner runner) {
        Map<String, ExplainerInfo> out = new LinkedHashMap<>();
        for (ExplainerState e : runner.explainers()) out.putIfAbsent(e.id(), e.info());
        return out;
    }

    /** Runs an audit in a job: progress per explainer, cancel, the report sealed and stored. */
    void audit(AuditRequest request, Map<String, String> shown, Job job) {
        Map<String, String> names = new HashMap<>();
        for (ExplainerState e : runner.explainers()) names.put(e.id(), e.explainer().name());
        for (String id : request.explainerIds()) job.part(names.getOrDefault(id, id), "waiting", 0, "");
        AuditProgress progress = new AuditProgress() {
            @Override
            public void update(Event e) {
                if (e.explainerId() == null) {
                    job.running(e.total() == 0 ? 0 : (double) e.index() / e.total(), e.message());
                    return;
                }
                String state = e.fraction() >= 1 ? "done" : "running";
                job.part(names.getOrDefault(e.explainerId(), e.explainerId()), state, e.fraction(), e.message());
                double overall = e.total() == 0 ? 0 : (e.index() + Math.min(1, Math.max(0, e.fraction()))) / e.total();
                job.running(overall, names.getOrDefault(e.explainerId(), e.explainerId()) + ": " + (e.message() == null ? "" : e.message()));
            }

            @Override
            public boolean cancelled() {
                return job.cancelRequested();
            }
        };
        try {
            Audited audited = runner.runAndStore(request, progress, reports);
            AuditReport report = audited.report();
            for (var run : report.runs())
                job.part(names.getOrDefault(run.explainerId(), run.explainerId()), partState(run), 1, partMessage(run));
            if (audited.stored() == null) {
                job.finish(Job.State.FAILED, "the report could not be stored in the journal: " + audited.notStored(), null);
                return;
            }
            ReportStore.StoredReport stored = audited.stored();
            Map<Verdict.Outcome, Integer> c = report.counts();
            job.finish(Job.State.DONE, String.format(Locale.ROOT, "report ready: %d pass, %d warn, %d fail, %d error, %d not applicable",
                    c.get(Verdict.Outcome.PASS), c.get(Verdict.Outcome.WARN), c.get(Verdict.Outcome.FAIL), c.get(Verdict.Outcome.ERROR),
                    c.get(Verdict.Outcome.NOT_APPLICABLE)),
                    "/reports/" + stored.id());
        } catch (CancellationException e) {
            for (Job.Part p : job.parts()) if (p.state().equals("waiting") || p.state().equals("running")) job.part(p.name(), "not run", p.fraction(), "");
            job.finish(Job.State.CANCELLED, "cancelled", null);
        } catch (AuditException e) {
            // the user knows the files by the names they uploaded, not by where Lucent keeps them
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, String> f : shown.entrySet()) message = message.replace(f.getKey(), f.getValue());
            for (Job.Part p : job.parts()) if (p.state().equals("waiting")) job.part(p.name(), "not run", 0, "");
            job.finish(Job.State.FAILED, "cannot audit: " + message, null);
        }
    }

    /** A finished explainer's row on the progress page: "not applicable" as such, else its run status (ok, error, skipped). */
    static String partState(dev.lucent.audit.api.ExplainerRun run) {
        return run.notApplicable() ? "not applicable" : run.status().name().toLowerCase(Locale.ROOT);
    }

    /** What the row says: why it did not apply, or how many findings it made and how long it took. */
    static String partMessage(dev.lucent.audit.api.ExplainerRun run) {
        if (run.notApplicable()) return ((Verdict) run.findings().get(0)).summary();
        return run.findings().size() + " findings in " + run.millis() + " ms";
    }

    private void demo(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = Console.userName(req);
        try {
            Job job = jobs.submit("audit", "Demo: auditing a breast cancer MLP", user, j -> {
                try {
                    j.running(0, "storing the demo data set");
                    UploadStore.Stored data = uploads.storeMade(UploadStore.Kind.DATASET, "csv", "breast_cancer.csv", user, target -> {
                        try (InputStream in = AuditsServlet.class.getClassLoader().getResourceAsStream("demo/breast_cancer.csv")) {
                            if (in == null) throw new IOException("the demo data set is missing from this build");
                            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    });
                    Map<String, String> form = new LinkedHashMap<>(Map.of("dataset", data.id(), "label", "diagnosis",
                            "hidden", "32,16", "l2", "0.0001", "dropout", "0.1", "epochs", "40", "seed", "42"));
                    UploadStore.Stored model = ConsoleTraining.train(ConsoleTraining.Request.parse(form), data, uploads, user, j);
                    List<String> all = runner.offered();
                    j.running(0, "trained (" + j.message() + "); auditing with " + all.size() + " explainers");
                    audit(new AuditRequest(model.file(), data.file(), "diagnosis", null, all, 42, Map.of(),
                            AuditRequest.DEFAULT_TIME_LIMIT, AuditRequest.SIZED_MEMORY, model.originalName(),
                            data.originalName(), null),
                            Map.of(model.file().toString(), model.originalName(), data.file().toString(), data.originalName()), j);
                } catch (CancellationException e) {
                    j.finish(Job.State.CANCELLED, "cancelled", null);
                } catch (IOException | DataFormatException e) {
                    j.finish(Job.State.FAILED, "the demo could not start: " + e.getMessage(), null);
                }
            });
            Console.seeOther(resp, "/jobs/" + job.id());
        } catch (IllegalStateException e) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
        }
    }
}
