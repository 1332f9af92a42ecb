package dev.lucent.audit.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a report came from, enough to re-run it.
 *
 * @param modelFile          the model file's name as given
 * @param modelSha256        SHA-256 (hex) of the model file's bytes
 * @param testFile           the separate test file, or null when the test split was drawn from {@code dataFile}
 * @param split              how train and test rows were chosen, in words
 * @param explainerVersions  explainer id to "version (bundle bundleVersion)"
 * @param parameters         explainer id to its parameters
 * @param machine            JVM, OS, processors, worker heap limit
 * @param modelFormat        what the model file is and how its inputs and outputs were read (e.g. ONNX, its opset
 *                           and producer); null in reports written before it was recorded
 * @param modelDisplayName   the model's name as the user knows it (an upload's original name), or null when it is
 *                           {@code modelFile}; likewise {@code dataDisplayName} and {@code testDisplayName}
 *                           (schema lucent-report/1.1)
 * @param defaults           the declared parameters of the explainers run that were left at their defaults, explainer id
 *                           to name to the default (in words when worked out from the inputs); with {@code parameters},
 *                           every parameter in effect. Empty in reports written before explainers declared them
 * @param currentFile        the current data compared with the reference for drift ({@code --current}), null for none;
 *                           {@code currentSha256} its SHA-256 and {@code currentDisplayName} its name as the user knows it
 *                           (schema lucent-report/1.2)
 */
public record Provenance(String modelFile, String modelSha256, String dataFile, String dataSha256, String testFile,
                         String testSha256, String labelColumn, String split, long seed,
                         Map<String, String> explainerVersions, Map<String, Map<String, String>> parameters,
                         String lucentVersion, Instant started, Instant finished, Map<String, String> machine,
                         String modelFormat, String modelDisplayName, String dataDisplayName, String testDisplayName,
                         Map<String, Map<String, String>> defaults, String currentFile, String currentSha256,
                         String currentDisplayName) {
    public Provenance {
        explainerVersions = Collections.unmodifiableMap(new TreeMap<>(explainerVersions));
        parameters = sorted(parameters);
        machine = Collections.unmodifiableMap(new TreeMap<>(machine));
        defaults = sorted(defaults);
    }

    /** Provenance without recorded defaults or current data (schema lucent-report/1.1). */
    public Provenance(String modelFile, String modelSha256, String dataFile, String dataSha256, String testFile,
                      String testSha256, String labelColumn, String split, long seed, Map<String, String> explainerVersions,
                      Map<String, Map<String, String>> parameters, String lucentVersion, Instant started, Instant finished,
                      Map<String, String> machine, String modelFormat, String modelDisplayName, String dataDisplayName,
                      String testDisplayName) {
        this(modelFile, modelSha256, dataFile, dataSha256, testFile, testSha256, labelColumn, split, seed, explainerVersions,
                parameters, lucentVersion, started, finished, machine, modelFormat, modelDisplayName, dataDisplayName,
                testDisplayName, Map.of(), null, null, null);
    }

    private static Map<String, Map<String, String>> sorted(Map<String, Map<String, String>> byExplainer) {
        TreeMap<String, Map<String, String>> p = new TreeMap<>();
        byExplainer.forEach((k, v) -> p.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(p);
    }

    /** The same provenance with the defaults in effect recorded. */
    public Provenance withDefaults(Map<String, Map<String, String>> inEffect) {
        return new Provenance(modelFile, modelSha256, dataFile, dataSha256, testFile, testSha256, labelColumn, split, seed,
                explainerVersions, parameters, lucentVersion, started, finished, machine, modelFormat, modelDisplayName,
                dataDisplayName, testDisplayName, inEffect, currentFile, currentSha256, currentDisplayName);
    }

    /**
     * Every parameter in effect for one explainer, in name order: the given ones as given, the defaults with " (default)"
     * after them, e.g. {"max-ece": "0.05 (default)", "bins": "10"}.
     */
    public Map<String, String> inEffect(String explainerId) {
        TreeMap<String, String> all = new TreeMap<>(parameters.getOrDefault(explainerId, Map.of()));
        defaults.getOrDefault(explainerId, Map.of()).forEach((k, v) -> all.putIfAbsent(k, v + " (default)"));
        return all;
    }

    /** Provenance without display names (schema lucent-report/1). */
    public Provenance(String modelFile, String modelSha256, String dataFile, String dataSha256, String testFile,
                      String testSha256, String labelColumn, String split, long seed, Map<String, String> explainerVersions,
                      Map<String, Map<String, String>> parameters, String lucentVersion, Instant started, Instant finished,
                      Map<String, String> machine) {
        this(modelFile, modelSha256, dataFile, dataSha256, testFile, testSha256, labelColumn, split, seed, explainerVersions,
                parameters, lucentVersion, started, finished, machine, null, null, null, null);
    }

    /** The same provenance with the model's format recorded. */
    public Provenance withModelFormat(String format) {
        return new Provenance(modelFile, modelSha256, dataFile, dataSha256, testFile, testSha256, labelColumn, split, seed,
                explainerVersions, parameters, lucentVersion, started, finished, machine, format, modelDisplayName,
                dataDisplayName, testDisplayName, defaults, currentFile, currentSha256, currentDisplayName);
    }

    /** The model as people know it: its display name, else its file name. */
    public String modelShown() {
        return modelDisplayName != null ? modelDisplayName : modelFile;
    }

    /** The data as people know it: its display name, else its file name. */
    public String dataShown() {
        return dataDisplayName != null ? dataDisplayName : dataFile;
    }

    /** The current data as people know it, or null when there is none. */
    public String currentShown() {
        return currentDisplayName != null ? currentDisplayName : currentFile;
    }

    /** The test data as people know it, or null when the test rows were split from the data. */
    public String testShown() {
        return testDisplayName != null ? testDisplayName : testFile;
    }
}
