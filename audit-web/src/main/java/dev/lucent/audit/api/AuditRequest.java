package dev.lucent.audit.api;

import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.SensitiveAttribute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What to audit: a model file (a Lucent model file, an ONNX file, or a folder holding a Lucent model), a CSV with its label column,
 * an optional separate test CSV (else a seeded stratified split of the data), the explainers to run (empty:
 * every installed one that is not quarantined), the seed, per-explainer parameters and each explainer's
 * time and memory limits.
 *
 * @param testData        null for a seeded split of {@code data}
 * @param explainerIds    in the order to run; empty for all
 * @param parameters      explainer id to its parameters by name
 * @param timeLimit       how long one explainer may run before its worker is killed
 * @param memoryLimitMb   the worker JVM's heap limit ({@code -Xmx}) in MiB; {@link #SIZED_MEMORY} to have the runner size it
 *                        to the inputs and the model
 * @param modelDisplayName the model's name as the user knows it (an upload's original name, the path the CLI
 *                        was given); null for the model file's own name. Used in the title and provenance.
 * @param dataDisplayName the data's name as the user knows it; null for the data file's name
 * @param testDisplayName the test data's name as the user knows it; null for its file name
 * @param sensitive       the sensitive attributes whose groups the fairness explainers compare, as typed
 *                        ({@code sex,age:<40,40-65,>65}, see {@link SensitiveAttribute}); null for none. The runner
 *                        hands it to every explainer that needs sensitive attributes as its parameter {@code sensitive}
 *                        (unless that parameter is given), so the report's parameters record it and a replay repeats it.
 * @param currentData     the current data (what the model sees today) to compare with the reference data for drift;
 *                        null for none
 * @param currentDisplayName the current data's name as the user knows it; null for its file name
 * @param imageInput      image data's test labels and an ONNX model's pixel scaling ({@link ImageInput}); null is
 *                        {@link ImageInput#DEFAULTS}
 * @param budget          the whole audit's time budget, shared among the explainers as the work each plans (null is
 *                        {@link #DEFAULT_BUDGET}); the report's provenance states it and a replay plans with it
 */
public record AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds,
                           long seed, Map<String, Map<String, String>> parameters, Duration timeLimit,
                           int memoryLimitMb, String modelDisplayName, String dataDisplayName, String testDisplayName,
                           String sensitive, Path currentData, String currentDisplayName, ImageInput imageInput, Duration budget) {

    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(3);
    public static final int DEFAULT_MEMORY_MB = 1024;
    /** No heap asked for: the runner sizes the workers' heap to the inputs and the model (the CLI without --memory). */
    public static final int SIZED_MEMORY = 0;
    /** The bounds every request is held to, whoever made it (console form, CLI, replay). */
    public static final long MIN_TIME_LIMIT_SECONDS = 1, MAX_TIME_LIMIT_SECONDS = 86_400;
    public static final int MIN_MEMORY_MB = 64, MAX_MEMORY_MB = 65_536;
    public static final int MAX_PARAMETERS = 64;
    /** The whole audit's default budget: a default audit of 10,000 Fashion-MNIST images ends within 2 minutes on 2 quiet cores. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(100);
    public static final long MIN_BUDGET_SECONDS = 10, MAX_BUDGET_SECONDS = 604_800;

    public AuditRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labelColumn, "labelColumn");
        explainerIds = List.copyOf(explainerIds);
        TreeMap<String, Map<String, String>> p = new TreeMap<>();
        parameters.forEach((k, v) -> p.put(k, Map.copyOf(new TreeMap<>(v))));
        parameters = java.util.Collections.unmodifiableMap(p);
        if (!explainerIds.isEmpty())
            for (String id : parameters.keySet())
                if (!explainerIds.contains(id))
                    throw new IllegalArgumentException("parameters are given for '" + id + "', which is not among the explainers to run");
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.compareTo(Duration.ofSeconds(MIN_TIME_LIMIT_SECONDS)) < 0 || timeLimit.compareTo(Duration.ofSeconds(MAX_TIME_LIMIT_SECONDS)) > 0)
            throw new IllegalArgumentException(TIME_LIMIT_BOUNDS + ", got " + timeLimit.toMillis() / 1000.0 + " s");
        if (memoryLimitMb != SIZED_MEMORY && (memoryLimitMb < MIN_MEMORY_MB || memoryLimitMb > MAX_MEMORY_MB))
            throw new IllegalArgumentException(MEMORY_BOUNDS + ", got " + memoryLimitMb);
        modelDisplayName = shown(modelDisplayName);
        dataDisplayName = shown(dataDisplayName);
        testDisplayName = shown(testDisplayName);
        sensitive = sensitive == null || sensitive.isBlank() ? null : SensitiveAttribute.format(SensitiveAttribute.parseAll(sensitive));
        currentDisplayName = shown(currentDisplayName);
        if (imageInput == null) imageInput = ImageInput.DEFAULTS;
        if (budget == null) budget = DEFAULT_BUDGET;
        if (budget.compareTo(Duration.ofSeconds(MIN_BUDGET_SECONDS)) < 0 || budget.compareTo(Duration.ofSeconds(MAX_BUDGET_SECONDS)) > 0)
            throw new IllegalArgumentException(BUDGET_BOUNDS + ", got " + budget.toMillis() / 1000.0 + " s");
        if (imageInput.testLabels() != null && testData == null)
            throw new IllegalArgumentException("test labels " + imageInput.testLabels().getFileName() + " are given without test data (--test)");
    }

    /** A request with the default budget. */
    public AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds,
                        long seed, Map<String, Map<String, String>> parameters, Duration timeLimit,
                        int memoryLimitMb, String modelDisplayName, String dataDisplayName, String testDisplayName,
                        String sensitive, Path currentData, String currentDisplayName, ImageInput imageInput) {
        this(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb, modelDisplayName,
                dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, null);
    }

    /** A request without sensitive attributes or current data. */
    public AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds, long seed,
                        Map<String, Map<String, String>> parameters, Duration timeLimit, int memoryLimitMb,
                        String modelDisplayName, String dataDisplayName, String testDisplayName) {
        this(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb, modelDisplayName,
                dataDisplayName, testDisplayName, null, null, null, null);
    }

    /** A request without display names (the files' own names are shown). */
    public AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds, long seed,
                        Map<String, Map<String, String>> parameters, Duration timeLimit, int memoryLimitMb) {
        this(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb, null, null, null);
    }

    private static final String TIME_LIMIT_BOUNDS = "the time limit is " + MIN_TIME_LIMIT_SECONDS + " to " + MAX_TIME_LIMIT_SECONDS
            + " seconds per explainer";
    private static final String BUDGET_BOUNDS = "the audit budget is " + MIN_BUDGET_SECONDS + " to " + MAX_BUDGET_SECONDS
            + " seconds for the whole audit";
    private static final String MEMORY_BOUNDS = "the memory limit is " + MIN_MEMORY_MB + " to " + MAX_MEMORY_MB + " MiB";

    /** A time limit as typed (seconds, e.g. "180" or "2.5"), held to the bounds. */
    public static Duration timeLimit(String seconds) {
        double s = number(seconds, "the time limit");
        if (!(s >= MIN_TIME_LIMIT_SECONDS && s <= MAX_TIME_LIMIT_SECONDS))
            throw new IllegalArgumentException(TIME_LIMIT_BOUNDS + ", got '" + printable(seconds, 40) + "'");
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** An audit budget as typed (seconds, e.g. "120", "2.5", or with the unit "120s"), held to the bounds. */
    public static Duration budget(String seconds) {
        String s = seconds == null ? "" : seconds.strip();
        double v = number(s.endsWith("s") ? s.substring(0, s.length() - 1) : s, "the audit budget");
        if (!(v >= MIN_BUDGET_SECONDS && v <= MAX_BUDGET_SECONDS))
            throw new IllegalArgumentException(BUDGET_BOUNDS + ", got '" + printable(seconds, 40) + "'");
        return Duration.ofMillis(Math.round(v * 1000));
    }

    /**
     * The worker heap as asked: blank or absent (no {@code --memory}, an empty console field, a replay) is
     * {@link #SIZED_MEMORY}, the runner's heap sized to the inputs; else {@link #memoryLimitMb(String)}. The CLI, the
     * console's form and the replays all read it here.
     */
    public static int memoryOrSized(String mib) {
        return mib == null || mib.isBlank() ? SIZED_MEMORY : memoryLimitMb(mib);
    }

    /** A memory limit as typed (MiB, a whole number), held to the bounds. */
    public static int memoryLimitMb(String mib) {
        long m = wholeNumber(mib, "the memory limit");
        if (m < MIN_MEMORY_MB || m > MAX_MEMORY_MB) throw new IllegalArgumentException(MEMORY_BOUNDS + ", got '" + printable(mib, 40) + "'");
        return (int) m;
    }

    /** A seed as typed: a whole number. */
    public static long seed(String seed) {
        return wholeNumber(seed, "the seed");
    }

    /**
     * Explainer parameters as typed, one {@code explainer-id.name = value} per line (the console's text box, or the CLI's
     * {@code --param} options in order): the id is what comes before the first dot (ids have none), blanks around the
     * parts are dropped, blank lines and {@code #} comments are skipped; a line that says nothing else is refused,
     * naming its number.
     */
    public static Map<String, Map<String, String>> parameters(List<String> lines) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (++count > MAX_PARAMETERS) throw new IllegalArgumentException("at most " + MAX_PARAMETERS + " parameters");
            int eq = line.indexOf('=');
            int dot = line.indexOf('.');
            String where = "parameter line " + (i + 1);
            if (eq < 0 || dot < 0 || dot > eq)
                throw new IllegalArgumentException(where + " is not 'explainer-id.name = value': " + printable(line, 200));
            String id = line.substring(0, dot).strip(), name = line.substring(dot + 1, eq).strip(), value = line.substring(eq + 1).strip();
            if (id.isEmpty()) throw new IllegalArgumentException(where + " names no explainer: " + printable(line, 200));
            if (name.isEmpty()) throw new IllegalArgumentException(where + " has no parameter name: " + printable(line, 200));
            if (out.computeIfAbsent(id, k -> new TreeMap<>()).put(name, value) != null)
                throw new IllegalArgumentException(where + " sets " + id + "." + name + " a second time");
        }
        return out;
    }

    /**
     * Every parameter held to what its explainer declares ({@link ExplainerInfo#parameters()}), before anything runs: a
     * name the explainer does not declare, or a value outside its range, is refused with one line naming the explainer and
     * the parameters it has. An explainer that declares none takes none.
     *
     * @param declared the installed explainers by id
     * @throws IllegalArgumentException naming the first parameter refused
     */
    public void checkParameters(Map<String, ExplainerInfo> declared) {
        for (Map.Entry<String, Map<String, String>> e : parameters.entrySet()) {
            ExplainerInfo info = declared.get(e.getKey());
            if (info == null)
                throw new IllegalArgumentException("parameters are given for '" + printable(e.getKey(), 80) + "', which is not an installed explainer");
            for (Map.Entry<String, String> p : e.getValue().entrySet()) {
                Optional<Parameter> d = info.parameter(p.getKey());
                if (d.isEmpty())
                    throw new IllegalArgumentException("the explainer '" + info.id() + "' has no parameter '" + printable(p.getKey(), 80) + "'; "
                            + takes(info));
                Optional<String> problem = d.get().problem(p.getValue());
                if (problem.isPresent())
                    throw new IllegalArgumentException("parameter " + info.id() + "." + d.get().name() + " " + problem.get() + " ("
                            + d.get().meaning() + ")");
            }
        }
    }

    /** "its parameters: steps (whole number at least 1, default 50), ..." or "it takes no parameters". */
    public static String takes(ExplainerInfo info) {
        return info.parameters().isEmpty() ? "it takes no parameters"
                : "its parameters: " + info.parameters().stream().map(Parameter::described).collect(Collectors.joining(", "));
    }

    /**
     * The declared parameters of the explainers run that this request leaves at their defaults, explainer id to name to
     * the default: with {@link #parameters()} they are every parameter in effect, as the report's provenance lists them.
     */
    public Map<String, Map<String, String>> defaultsInEffect(List<String> ran, Map<String, ExplainerInfo> declared) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String id : ran) {
            ExplainerInfo info = declared.get(id);
            if (info == null) continue;
            Map<String, String> given = parameters.getOrDefault(id, Map.of());
            Map<String, String> defaults = new TreeMap<>();
            for (Parameter p : info.parameters()) if (!given.containsKey(p.name())) defaults.put(p.name(), p.defaultValue());
            if (!defaults.isEmpty()) out.put(id, defaults);
        }
        return out;
    }

    private static double number(String s, String what) {
        try {
            return Double.parseDouble(Objects.requireNonNull(s, what).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + printable(s, 40) + "'");
        }
    }

    private static long wholeNumber(String s, String what) {
        try {
            return Long.parseLong(Objects.requireNonNull(s, what).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + printable(s, 40) + "'");
        }
    }

    /** Text from the user inside a one-line message: control characters as spaces, cut to {@code max} characters. */
    private static String printable(String s, int max) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > max ? t.substring(0, max) + "..." : t;
    }

    /** Blank is none; control characters are not part of a name people read. */
    private static String shown(String name) {
        if (name == null || name.isBlank()) return null;
        String s = name.replaceAll("\\p{Cntrl}", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** A request with defaults: all explainers, seed 42, no parameters, default limits. */
    public static AuditRequest of(Path model, Path data, String labelColumn) {
        return new AuditRequest(model, data, labelColumn, null, List.of(), 42, Map.of(), DEFAULT_TIME_LIMIT, DEFAULT_MEMORY_MB);
    }

    public AuditRequest withTestData(Path test) {
        return new AuditRequest(model, data, labelColumn, test, explainerIds, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, budget);
    }

    public AuditRequest withExplainers(List<String> ids) {
        return new AuditRequest(model, data, labelColumn, testData, ids, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, budget);
    }

    public AuditRequest withSeed(long s) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, s, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, budget);
    }

    public AuditRequest withParameters(Map<String, Map<String, String>> p) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, p, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, budget);
    }

    public AuditRequest withLimits(Duration time, int memoryMb) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, time, memoryMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, budget);
    }

    /** The names the user knows the model, data and test data by (null: the files' own names). */
    public AuditRequest withDisplayNames(String model, String data, String test) {
        return new AuditRequest(this.model, this.data, labelColumn, testData, explainerIds, seed, parameters, timeLimit,
                memoryLimitMb, model, data, test, sensitive, currentData, currentDisplayName, imageInput, budget);
    }

    /** The sensitive attributes as typed (blank: none); a malformed list is refused naming the part. */
    public AuditRequest withSensitive(String attributes) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, attributes, currentData, currentDisplayName, imageInput, budget);
    }

    /** The same request with current data to compare with the reference (null: none), by the name the user knows it. */
    public AuditRequest withCurrentData(Path current, String displayName) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, current, displayName, imageInput, budget);
    }

    /** The same request reading image data with these test labels and pixel scaling (null: the defaults). */
    public AuditRequest withImageInput(ImageInput image) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, image, budget);
    }

    /** The same request with this whole-audit budget (null: the default). */
    public AuditRequest withBudget(Duration b) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName, sensitive, currentData, currentDisplayName, imageInput, b);
    }
}
