package dev.lucent.audit.runner;

import dev.lucent.audit.api.ImageInput;
import dev.lucent.audit.report.JsonReader;
import dev.lucent.audit.report.JsonWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host hands a worker, as a JSON file: the inputs (the current data for drift, null for none; image data's test
 * labels and an ONNX model's pixel scaling), the explainers still to run in order, the seed,
 * their parameters and the per-explainer time limit (the worker stops cooperatively at it; the host kills
 * the worker a little later if it did not).
 */
record WorkerJob(Path model, Path data, String label, Path test, Path current, long seed, List<String> explainers,
                 Map<String, Map<String, String>> parameters, long timeLimitMillis, long memoryBudgetBytes, ImageInput image) {

    WorkerJob {
        if (image == null) image = ImageInput.DEFAULTS;
        explainers = List.copyOf(explainers);
        parameters = Map.copyOf(parameters);
    }

    /** A job reading image data the default way (no test labels file, the default pixel scaling). */
    WorkerJob(Path model, Path data, String label, Path test, Path current, long seed, List<String> explainers,
              Map<String, Map<String, String>> parameters, long timeLimitMillis, long memoryBudgetBytes) {
        this(model, data, label, test, current, seed, explainers, parameters, timeLimitMillis, memoryBudgetBytes, null);
    }

    WorkerJob remaining(List<String> ids) {
        return new WorkerJob(model, data, label, test, current, seed, ids, parameters, timeLimitMillis, memoryBudgetBytes, image);
    }

    String toJson() {
        JsonWriter w = new JsonWriter().beginObject().field("model", model.toString()).field("data", data.toString())
                .field("label", label).field("test", test == null ? null : test.toString())
                .field("current", current == null ? null : current.toString()).field("seed", seed)
                .name("explainers").strings(explainers).name("parameters").beginObject();
        parameters.forEach((id, p) -> {
            w.name(id).beginObject();
            p.forEach(w::field);
            w.endObject();
        });
        return w.endObject().field("timeLimitMillis", timeLimitMillis).field("memoryBudgetBytes", memoryBudgetBytes)
                .field("testLabels", image.testLabels() == null ? null : image.testLabels().toString()).field("pixels", image.pixels())
                .endObject().toString();
    }

    @SuppressWarnings("unchecked")
    static WorkerJob parse(String json) {
        Map<String, Object> m = (Map<String, Object>) JsonReader.parse(json);
        List<String> ids = new ArrayList<>();
        for (Object o : (List<Object>) m.get("explainers")) ids.add((String) o);
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        ((Map<String, Object>) m.get("parameters")).forEach((id, p) -> {
            Map<String, String> one = new LinkedHashMap<>();
            ((Map<String, Object>) p).forEach((k, v) -> one.put(k, (String) v));
            params.put(id, one);
        });
        String test = (String) m.get("test"), current = (String) m.get("current"), testLabels = (String) m.get("testLabels");
        return new WorkerJob(Path.of((String) m.get("model")), Path.of((String) m.get("data")), (String) m.get("label"),
                test == null ? null : Path.of(test), current == null ? null : Path.of(current), ((JsonReader.Num) m.get("seed")).asLong(), ids, params,
                ((JsonReader.Num) m.get("timeLimitMillis")).asLong(), ((JsonReader.Num) m.get("memoryBudgetBytes")).asLong(),
                new ImageInput(testLabels == null ? null : Path.of(testLabels), (String) m.get("pixels")));
    }
}
