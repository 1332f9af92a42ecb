package dev.lucent.audit.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param memoryLimitMb   the worker JVM's heap limit ({@code -Xmx}) in MiB
 * @param modelDisplayName the model's name as the user knows it (an upload's original name, the path the CLI
 *                        was given); null for the model file's own name. Used in the title and provenance.
 * @param dataDisplayName the data's name as the user knows it; null for the data file's name
 * @param testDisplayName the test data's name as the user knows it; null for its file name
 */
public record AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds,
                           long seed, Map<String, Map<String, String>> parameters, Duration timeLimit,
                           int memoryLimitMb, String modelDisplayName, String dataDisplayName, String testDisplayName) {

    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(3);
    public static final int DEFAULT_MEMORY_MB = 1024;

    public AuditRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labelColumn, "labelColumn");
        explainerIds = List.copyOf(explainerIds);
        TreeMap<String, Map<String, String>> p = new TreeMap<>();
        parameters.forEach((k, v) -> p.put(k, Map.copyOf(new TreeMap<>(v))));
        parameters = java.util.Collections.unmodifiableMap(p);
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("the time limit must be positive");
        if (memoryLimitMb < 64) throw new IllegalArgumentException("the memory limit must be at least 64 MiB, got " + memoryLimitMb);
        modelDisplayName = shown(modelDisplayName);
        dataDisplayName = shown(dataDisplayName);
        testDisplayName = shown(testDisplayName);
    }

    /** A request without display names (the files' own names are shown). */
    public AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds, long seed,
                        Map<String, Map<String, String>> parameters, Duration timeLimit, int memoryLimitMb) {
        this(model, data, labelColumn, testData, explainerIds, seed, parameters, timeLimit, memoryLimitMb, null, null, null);
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
                modelDisplayName, dataDisplayName, testDisplayName);
    }

    public AuditRequest withExplainers(List<String> ids) {
        return new AuditRequest(model, data, labelColumn, testData, ids, seed, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName);
    }

    public AuditRequest withSeed(long s) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, s, parameters, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName);
    }

    public AuditRequest withParameters(Map<String, Map<String, String>> p) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, p, timeLimit, memoryLimitMb,
                modelDisplayName, dataDisplayName, testDisplayName);
    }

    public AuditRequest withLimits(Duration time, int memoryMb) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, time, memoryMb,
                modelDisplayName, dataDisplayName, testDisplayName);
    }

    /** The names the user knows the model, data and test data by (null: the files' own names). */
    public AuditRequest withDisplayNames(String model, String data, String test) {
        return new AuditRequest(this.model, this.data, labelColumn, testData, explainerIds, seed, parameters, timeLimit,
                memoryLimitMb, model, data, test);
    }
}
