package dev.lucent.audit.runner;

import dev.lucent.audit.report.JsonReader;
import dev.lucent.audit.report.JsonWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host hands a worker, as a JSON file: the inputs the host parsed ({@link InputsDump}) with the SHA-256 of
 * that file, the explainers still to run in order, the seed,
 * their parameters, the per-explainer time limit (the worker stops cooperatively at it; the host kills
 * the worker a little later if it did not) and each explainer's share of the audit budget ({@link AuditBudget}), which
 * its plan sizes its work to.
 */
record WorkerJob(Path inputs, String inputsSha256, long seed, List<String> explainers,
                 Map<String, Map<String, String>> parameters, long timeLimitMillis, long memoryBudgetBytes, long shareMillis) {

    /** A job whose explainers plan to their whole time limit (no audit budget). */
    WorkerJob(Path inputs, String inputsSha256, long seed, List<String> explainers, Map<String, Map<String, String>> parameters,
              long timeLimitMillis, long memoryBudgetBytes) {
        this(inputs, inputsSha256, seed, explainers, parameters, timeLimitMillis, memoryBudgetBytes, timeLimitMillis);
    }

    WorkerJob {
        explainers = List.copyOf(explainers);
        parameters = Map.copyOf(parameters);
    }

    WorkerJob remaining(List<String> ids) {
        return new WorkerJob(inputs, inputsSha256, seed, ids, parameters, timeLimitMillis, memoryBudgetBytes, shareMillis);
    }

    String toJson() {
        JsonWriter w = new JsonWriter().beginObject().field("inputs", inputs.toString()).field("inputsSha256", inputsSha256)
                .field("seed", seed)
                .name("explainers").strings(explainers).name("parameters").beginObject();
        parameters.forEach((id, p) -> {
            w.name(id).beginObject();
            p.forEach(w::field);
            w.endObject();
        });
        return w.endObject().field("timeLimitMillis", timeLimitMillis).field("memoryBudgetBytes", memoryBudgetBytes)
                .field("shareMillis", shareMillis).endObject().toString();
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
        return new WorkerJob(Path.of((String) m.get("inputs")), (String) m.get("inputsSha256"), ((JsonReader.Num) m.get("seed")).asLong(), ids, params,
                ((JsonReader.Num) m.get("timeLimitMillis")).asLong(), ((JsonReader.Num) m.get("memoryBudgetBytes")).asLong(),
                ((JsonReader.Num) m.get("shareMillis")).asLong());
    }
}
