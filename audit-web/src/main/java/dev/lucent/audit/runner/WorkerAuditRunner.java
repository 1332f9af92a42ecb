package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.ExplainerState;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.SensitiveAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link AuditRunner}: checks the inputs on the caller's thread (no explainer code runs there), then hands
 * the explainers to worker JVMs (the host's own jar in worker mode) through a {@link Supervisor}, keeps the
 * failure streaks, and seals the report.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = AuditRunner.class)
public final class WorkerAuditRunner implements AuditRunner {

    static final Duration GRACE = Duration.ofSeconds(1);
    static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
    /** The provenance's machine entry holding the audit budget in seconds, which a replay plans with. */
    static final String BUDGET_SECONDS = "budgetSeconds";

    private final InstalledExplainers installed;
    private final PluginJars pluginJars;
    private final WorkerLauncher launcher;
    private final Path data;
    private final String version;
    private final Quarantine quarantine;
    private final ExpectedCosts costs;
    private final int maxLanes;

    @Activate
    public WorkerAuditRunner(@Reference InstalledExplainers installed, @Reference PluginJars pluginJars, BundleContext context) {
        this(installed, pluginJars, launcherFrom(context), Path.of(prop(context, "lucent.data", "lucent-data")),
                prop(context, "lucent.version", "dev"), 2);
    }

    /** One worker at a time: what tests that count workers need on any machine. */
    WorkerAuditRunner(InstalledExplainers installed, PluginJars pluginJars, WorkerLauncher launcher, Path data, String version) {
        this(installed, pluginJars, launcher, data, version, 1);
    }

    /** {@code maxLanes}: at most this many workers at once (two where the machine allows, see {@link #lanes}). */
    WorkerAuditRunner(InstalledExplainers installed, PluginJars pluginJars, WorkerLauncher launcher, Path data, String version,
                      int maxLanes) {
        this.maxLanes = maxLanes;
        this.installed = installed;
        this.pluginJars = pluginJars;
        this.launcher = launcher;
        this.data = data;
        this.version = version;
        this.quarantine = new Quarantine(data.resolve("explainer-failures.properties"), QUARANTINE_AFTER);
        this.costs = new ExpectedCosts(data.resolve("explainer-times.properties"));
    }

    private static WorkerLauncher launcherFrom(BundleContext c) {
        String jar = c.getProperty("lucent.jar");
        Path data = Path.of(prop(c, "lucent.data", "lucent-data"));
        String java = prop(c, "lucent.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String keys = c.getProperty("lucent.trusted.keys");
        Path trustedKeys = keys == null ? null : Path.of(keys);
        return (job, mb) -> {
            if (jar == null || Files.isDirectory(Path.of(jar)))
                throw new IllegalStateException("audits need the packaged lucent.jar to start workers (running from " + jar + ")");
            return WorkerLauncher.jar(java, Path.of(jar), data, trustedKeys).command(job, mb);
        };
    }

    private static String prop(BundleContext c, String key, String fallback) {
        String v = c.getProperty(key);
        return v == null ? fallback : v;
    }

    @Override
    public AuditReport run(AuditRequest request, AuditProgress progress) throws AuditException {
        Instant started = Instant.now();
        refuseQuarantined(request.explainerIds()); // before the inputs are loaded: nothing is spent on a refused audit
        List<InstalledExplainers.Installed> all = installed.all();
        List<String> chosen = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (request.explainerIds().isEmpty()) {
            chosen.addAll(offered());
            skipped.addAll(quarantined()); // listed in the report as not run
        } else {
            for (String id : request.explainerIds()) {
                if (installed.byId(id).isEmpty())
                    throw new AuditException("unknown explainer '" + id + "'; installed: "
                            + String.join(", ", all.stream().map(i -> i.info().id()).distinct().toList()));
                if (!chosen.contains(id)) chosen.add(id);
            }
        }
        for (String id : request.parameters().keySet())
            if (installed.byId(id).isEmpty()) throw new AuditException("parameters given for unknown explainer '" + id + "'");
        if (chosen.isEmpty() && skipped.isEmpty()) throw new AuditException("no explainer is installed to run");
        Map<String, ExplainerInfo> declared = declared();
        try {
            request.checkParameters(declared); // before the inputs are read: a misspelt parameter costs nothing
        } catch (IllegalArgumentException e) {
            throw new AuditException(e.getMessage(), e);
        }
        AuditInputs.Prepared inputs = AuditInputs.load(request.model(), request.data(), request.labelColumn(),
                request.testData(), request.imageInput(), request.currentData(), request.seed());
        Map<String, Map<String, String>> parameters = withSensitive(request, chosen, inputs);

        // Needs are checked here, on the inputs the host loaded: an explainer whose needs are unmet is not run.
        Map<String, ExplainerRun> notRun = new LinkedHashMap<>();
        for (String id : chosen) {
            InstalledExplainers.Installed x = installed.byId(id).orElseThrow();
            WorkerContext view = new WorkerContext(inputs, request.seed(), parameters.getOrDefault(id, Map.of()), request.timeLimit(), 0,
                    (f, m) -> { });
            x.info().unmetNeed(view).ifPresent(need -> notRun.put(id, Failures.unmetNeed(x.ref(), need)));
        }
        List<String> toRun = chosen.stream().filter(id -> !notRun.containsKey(id)).toList();

        List<ExplainerRun> ran = List.of();
        Path work = null;
        WorkerHeap heap = WorkerHeap.of(request, 0, 0, -1); // sized below once the inputs are dumped
        int lanes = 1;
        AuditBudget shares = AuditBudget.of(request.budget(), request.timeLimit(), toRun.size());
        if (!toRun.isEmpty()) {
            try {
                // Under the data folder, never the system's temp folder; deleted below (a host killed meanwhile sweeps it at start).
                work = Files.createTempDirectory(Files.createDirectories(data.resolve("work")),
                        "audit-" + ProcessHandle.current().pid() + "-");
                pluginJars.copyRunning(work.resolve(WorkerLauncher.PLUGINS)); // pinned: a jar replaced now waits for the next audit
                InputsDump.Written dump = InputsDump.write(inputs, work); // the workers read this parse, never the files again
                heap = WorkerHeap.of(request, dump.bytes(), Files.size(inputs.modelFile()),
                        HotSpot.totalPhysicalBytes());
                long budget = (long) heap.mib() * (1L << 20) * 6 / 10; // room for the model, data and the framework
                lanes = Math.min(maxLanes, lanes(toRun.size(), heap.mib(), HotSpot.availablePhysicalBytes()));
                WorkerJob job = new WorkerJob(dump.file().toAbsolutePath(), dump.sha256(), request.seed(), toRun,
                        parameters, request.timeLimit().toMillis(), budget, shares.share().toMillis());
                ran = runInLanes(job, toRun, heap.mib(), work, progress, lanes);
                costs.record(ran);
            } catch (IOException e) {
                throw new AuditException("cannot start a worker JVM: " + e.getMessage(), e);
            } finally {
                deleteQuietly(work);
            }
        }
        for (ExplainerRun r : ran) {
            if (r.status() == ExplainerRun.Status.ERROR)
                quarantine.failed(r.explainerId(), r.findings().isEmpty() ? "error" : r.findings().get(0).title());
            else if (r.status() == ExplainerRun.Status.OK) quarantine.succeeded(r.explainerId());
        }
        Map<String, ExplainerRun> byId = new LinkedHashMap<>(notRun);
        for (ExplainerRun r : ran) byId.put(r.explainerId(), r);
        List<ExplainerRun> runs = new ArrayList<>();
        for (String id : chosen) if (byId.containsKey(id)) runs.add(byId.get(id)); // in the order asked for
        for (String id : skipped)
            runs.add(Failures.skipped(known(id), "quarantined after " + quarantine.streak(id) + " failed runs in a row (last: "
                    + quarantine.lastError(id) + ")"));
        Map<String, String> versions = new LinkedHashMap<>();
        for (ExplainerRun r : runs)
            versions.put(r.explainerId(), r.version() + " (" + r.bundle() + " " + r.bundleVersion() + ")");
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("workerHeapMiB", Integer.toString(heap.mib()));
        machine.put("workerHeap", heap.why());
        machine.put("timeLimitSeconds", Long.toString(request.timeLimit().toSeconds()));
        machine.put(BUDGET_SECONDS, AuditBudget.seconds(request.budget()));
        machine.put("budget", shares.described());
        machine.put("workers", lanes + (lanes == 1 ? " worker JVM at a time" : " worker JVMs at once, each running its share of the explainers one after another"));
        String modelFile = request.model().getFileName().toString();
        if (!inputs.modelFile().getFileName().equals(request.model().getFileName()))
            modelFile += "/" + inputs.modelFile().getFileName(); // the file found in the model folder
        Provenance p = new Provenance(modelFile, inputs.modelSha256(),
                request.data().getFileName().toString(), inputs.dataSha256(),
                request.testData() == null ? null : request.testData().getFileName().toString(), inputs.testSha256(),
                request.labelColumn(), inputs.split(), request.seed(), versions, parameters, version, started,
                Instant.now(), machine, inputs.modelFormat(), request.modelDisplayName(), request.dataDisplayName(), request.testDisplayName(),
                Map.of(), request.currentData() == null ? null : request.currentData().getFileName().toString(), inputs.currentSha256(),
                request.currentDisplayName())
                .withDefaults(given(parameters, request.defaultsInEffect(runs.stream().filter(r -> r.status() != ExplainerRun.Status.SKIPPED)
                        .map(ExplainerRun::explainerId).toList(), declared)));
        String modelName = inputs.model().name();
        // titled by the names the user knows (an upload's original name), never a stored file's generated name;
        // the model's own name follows when the file's name does not already say it
        String shown = request.modelDisplayName();
        String model = shown == null || shown.equals(modelName) || shown.startsWith(modelName + ".") ? (shown == null ? modelName : shown)
                : shown + " (" + modelName + ")";
        String title = "Audit of " + model + " on " + p.dataShown();
        return ReportJson.seal(UUID.randomUUID().toString(), title, modelName, p, runs);
    }

    /**
     * How long a worker may take to start and read the inputs: {@link #STARTUP_LIMIT}, plus 1 s per 4 MiB of the
     * inputs dump, which a worker streams and hashes (and parses the model from). Parsing the files again took 2 s per
     * MiB on a machine loaded 13-fold (a 42 MB CSV of 40 photos took more than 120 s); reading the dump is a copy.
     */
    static Duration startupLimit(WorkerJob job) {
        long bytes = 0;
        try {
            bytes = Files.size(job.inputs());
        } catch (IOException e) {
            // the worker will say what it cannot read
        }
        return STARTUP_LIMIT.plusSeconds(bytes >> 22);
    }

    /**
     * How many worker JVMs run at once: two when the machine has two cores or more and free memory for two worker heaps
     * beside the host (with a gigabyte to spare), else one. On an image audit's 31 explainers most are single-threaded
     * statistics (bootstraps, neighbour searches, the baselines' solvers), which a second worker runs meanwhile.
     */
    static int lanes(int explainers, int memoryMb, long availablePhysicalBytes) {
        if (explainers < 2 || Runtime.getRuntime().availableProcessors() < 2 || availablePhysicalBytes < 0) return 1;
        long needed = 2L * (memoryMb + 256L) * (1L << 20) + (1L << 30); // two heaps, their JVMs' own memory, a margin
        return availablePhysicalBytes >= needed ? 2 : 1;
    }

    /**
     * Runs the explainers in {@code lanes} workers at once, each lane a {@link Supervisor} of its own taking its part of
     * the explainers, balanced by their expected cost ({@link ExpectedCosts}) (same limits, same failure handling; the findings do not depend on the lane). Progress events are
     * passed on one at a time.
     */
    private List<ExplainerRun> runInLanes(WorkerJob job, List<String> toRun, int memoryMb, Path work, AuditProgress progress, int lanes)
            throws IOException {
        if (lanes == 1)
            return new Supervisor(launcher, work, GRACE, startupLimit(job), "").run(job, memoryMb, this::known, progress, toRun.size(), 0);
        AuditProgress shared = new AuditProgress() {
            @Override
            public synchronized void update(Event event) {
                progress.update(event);
            }

            @Override
            public boolean cancelled() {
                return progress.cancelled();
            }
        };
        // balanced by what each explainer took last time (its share of the budget when unknown): lanes change no finding
        List<List<String>> parts = ExpectedCosts.lanes(toRun, lanes, costs.read(), job.shareMillis());
        List<java.util.concurrent.CompletableFuture<List<ExplainerRun>>> running = new ArrayList<>();
        int offset = 0;
        for (int l = 0; l < lanes; l++) {
            WorkerJob part = job.remaining(parts.get(l));
            Supervisor supervisor = new Supervisor(launcher, work, GRACE, startupLimit(job), "lane" + l + "-");
            int from = offset;
            offset += parts.get(l).size();
            running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return supervisor.run(part, memoryMb, this::known, shared, toRun.size(), from);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> {
                Thread t = new Thread(r, "lucent-audit-lane");
                t.setDaemon(true);
                t.start();
            }));
        }
        List<ExplainerRun> all = new ArrayList<>();
        try {
            for (var f : running) all.addAll(f.join());
        } catch (java.util.concurrent.CompletionException e) {
            for (var f : running) f.cancel(true);
            if (e.getCause() instanceof java.io.UncheckedIOException io) throw io.getCause();
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
        return all;
    }

    @Override
    public AuditReport replayOf(AuditReport original, AuditRequest request, AuditProgress progress) throws AuditException {
        Provenance o = original.provenance();
        try {
            String model = AuditInputs.sha256(AuditInputs.resolveModel(request.model()));
            if (!model.equals(o.modelSha256()))
                throw new AuditException(request.model() + ": not the model file audited (SHA-256 " + model + ", audited " + o.modelSha256() + ")");
            String data = AuditInputs.sha256(request.data());
            if (!data.equals(o.dataSha256()))
                throw new AuditException(request.data() + ": not the data file audited (SHA-256 " + data + ", audited " + o.dataSha256() + ")");
            if ((request.testData() == null) != (o.testSha256() == null)
                    || request.testData() != null && !AuditInputs.sha256(request.testData()).equals(o.testSha256()))
                throw new AuditException("the test data differs from the audited " + (o.testFile() == null ? "split" : o.testFile()));
            if ((request.currentData() == null) != (o.currentSha256() == null)
                    || request.currentData() != null && !AuditInputs.sha256(request.currentData()).equals(o.currentSha256()))
                throw new AuditException("the current data differs from the audited " + (o.currentFile() == null ? "audit's (none)" : o.currentFile()));
        } catch (java.io.IOException e) {
            throw new AuditException("cannot read the files to replay: " + e.getMessage(), e);
        }
        List<String> ids = original.runs().stream().filter(r -> r.status() != ExplainerRun.Status.SKIPPED)
                .map(ExplainerRun::explainerId).toList();
        Map<String, Map<String, String>> parameters = new LinkedHashMap<>(o.parameters());
        parameters.keySet().retainAll(ids); // those of an explainer the original skipped (quarantined) have nothing to set
        // the original's budget, when it stated one: the plans are sized by it, so the replay does the same work
        String b = o.machine().get(BUDGET_SECONDS);
        java.time.Duration budget = b == null ? request.budget() : AuditRequest.budget(b);
        AuditRequest same = new AuditRequest(request.model(), request.data(), o.labelColumn(), request.testData(), ids, o.seed(),
                parameters, request.timeLimit(), request.memoryLimitMb(), request.modelDisplayName(),
                request.dataDisplayName(), request.testDisplayName(), null, request.currentData(), request.currentDisplayName(), request.imageInput(),
                budget);
        return run(same, progress);
    }

    /**
     * The defaults less the parameters given after all: the audit's sensitive attributes reach an explainer as its declared
     * parameter {@code sensitive}, in effect as given, not as the default.
     */
    private static Map<String, Map<String, String>> given(Map<String, Map<String, String>> parameters,
                                                          Map<String, Map<String, String>> defaults) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        defaults.forEach((id, d) -> {
            Map<String, String> left = new TreeMap<>(d);
            left.keySet().removeAll(parameters.getOrDefault(id, Map.of()).keySet());
            if (!left.isEmpty()) out.put(id, left);
        });
        return out;
    }

    /**
     * The request's parameters with its sensitive attributes given, as the parameter {@code sensitive}, to every
     * chosen explainer that needs them and was not given its own; every column named (there or in an explainer's
     * own {@code sensitive}) must be a feature of the data, else the audit is refused before any worker starts.
     */
    private Map<String, Map<String, String>> withSensitive(AuditRequest request, List<String> chosen, AuditInputs.Prepared inputs)
            throws AuditException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>(request.parameters());
        if (request.sensitive() != null)
            for (String id : chosen) {
                if (!installed.byId(id).orElseThrow().info().needs().contains(ExplainerInfo.Need.SENSITIVE_ATTRIBUTES)) continue;
                Map<String, String> p = new LinkedHashMap<>(out.getOrDefault(id, Map.of()));
                p.putIfAbsent("sensitive", request.sensitive());
                out.put(id, p);
            }
        List<String> columns = inputs.schema().featureNames();
        for (Map.Entry<String, Map<String, String>> e : out.entrySet()) {
            String spec = e.getValue().get("sensitive");
            if (spec == null) continue;
            String where = spec.equals(request.sensitive()) ? "sensitive attributes" : e.getKey() + ".sensitive";
            try {
                for (SensitiveAttribute a : SensitiveAttribute.parseAll(spec))
                    if (!columns.contains(a.column()))
                        throw new AuditException(where + ": " + request.data().getFileName() + " has no feature column '" + a.column()
                                + "' (columns: " + String.join(", ", columns.size() > 40 ? columns.subList(0, 40) : columns)
                                + (columns.size() > 40 ? ", ..." : "") + ")");
            } catch (IllegalArgumentException ex) {
                throw new AuditException(where + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    ExplainerRef known(String id) {
        return installed.byId(id).map(InstalledExplainers.Installed::ref).orElse(ExplainerRef.unknown(id));
    }

    @Override
    public List<ExplainerState> explainers() {
        List<ExplainerState> out = new ArrayList<>();
        for (InstalledExplainers.Installed i : installed.all()) {
            String id = i.info().id();
            out.add(new ExplainerState(i.ref(), i.info().needs(), quarantine.streak(id), quarantine.quarantined(id),
                    quarantine.lastError(id), i.info().parameters()));
        }
        return out;
    }

    /** What each installed explainer declares, by id (the first bundle's, the one {@link InstalledExplainers#byId} picks). */
    private Map<String, ExplainerInfo> declared() {
        Map<String, ExplainerInfo> out = new LinkedHashMap<>();
        for (InstalledExplainers.Installed i : installed.all()) out.putIfAbsent(i.info().id(), i.info());
        return out;
    }

    @Override
    public void reenable(String explainerId) {
        quarantine.reenable(explainerId);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
