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
 * @param currentFile        the current data compared with the reference for drift ({@code --current}), null for none;
 *                           {@code currentSha256} its SHA-256 and {@code currentDisplayName} its name as the user knows it
 *                           (schema lucent-report/1.2)
 */
public record Provenance(String modelFile, String modelSha256, String dataFile, String dataSha256, String testFile,
                         String testSha256, String labelColumn, String split, long seed,
                         Map<String, String> explainerVersions, Map<String, Map<String, String>> parameters,
                         String lucentVersion, Instant started, Instant finished, Map<String, String> machine,
                         String modelFormat, String modelDisplayName, String dataDisplayName, String testDisplayName,
                         String currentFile, String currentSha256, String currentDisplayName) {
    public Provenance {
        explainerVersions = Collections.unmodifiableMap(new TreeMap<>(explainerVersions));
        TreeMap<String, Map<String, String>> p = new TreeMap<>();
        parameters.forEach((k, v) -> p.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        parameters = Collections.unmodifiableMap(p);
        machine = Collections.unmodifiableMap(new TreeMap<>(machine));
    }

    /** Provenance without current data. */
    public Provenance(String modelFile, String modelSha256, String dataFile, String dataSha256, String testFile,
                      String testSha256, String labelColumn, String split, long seed, Map<String, String> explainerVersions,
                      Map<String, Map<String, String>> parameters, String lucentVersion, Instant started, Instant finished,
                      Map<String, String> machine, String modelFormat, String modelDisplayName, String dataDisplayName,
                      String testDisplayName) {
        this(modelFile, modelSha256, dataFile, dataSha256, testFile, testSha256, labelColumn, split, seed, explainerVersions,
                parameters, lucentVersion, started, finished, machine, modelFormat, modelDisplayName, dataDisplayName,
                testDisplayName, null, null, null);
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
                dataDisplayName, testDisplayName, currentFile, currentSha256, currentDisplayName);
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
