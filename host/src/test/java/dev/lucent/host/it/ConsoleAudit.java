package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An audit through the console's HTTP endpoints, sent as a browser sends them: the model and data uploaded through
 * the models and data-set pages, the new-audit form posted with the session's CSRF token, the job's progress read
 * from {@code /api/jobs/<id>}, the report from {@code /reports/<id>} and {@code /reports/<id>/export.json}.
 */
final class ConsoleAudit {

    private final WebClient client;
    String modelId;
    String dataId;

    ConsoleAudit(WebClient client) {
        this.client = client;
    }

    /** Uploads a file through {@code /models/upload} or {@code /datasets/upload}; returns its id. */
    String upload(String kind, String name, byte[] content) throws Exception {
        client.get("/" + kind);
        HttpResponse<String> r = client.upload("/" + kind + "/upload", name, content);
        assertEquals(303, r.statusCode(), "upload of " + name + ": " + r.body());
        String location = r.headers().firstValue("location").orElseThrow();
        assertTrue(location.matches("/" + kind + "/[0-9a-f-]{36}"), location);
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Uploads the model and data every audit of this instance uses. */
    ConsoleAudit inputs(String modelName, byte[] model, String dataName, byte[] data) throws Exception {
        modelId = upload("models", modelName, model);
        dataId = upload("datasets", dataName, data);
        return this;
    }

    /** The new-audit form's answer to a POST: 303 to the job, or the page again with the reason. */
    HttpResponse<String> post(List<String> explainers, int timeLimitSeconds, int memoryMb, String parameters) throws Exception {
        return post(explainers, timeLimitSeconds, memoryMb, parameters, Map.of());
    }

    /** As {@link #post(List, int, int, String)}, with the parameter fields filled ({@code explainer-id.name} to value). */
    HttpResponse<String> post(List<String> explainers, int timeLimitSeconds, int memoryMb, String parameters, Map<String, String> fields)
            throws Exception {
        client.get("/audits/new");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", client.csrf);
        form.put("model", modelId);
        form.put("data", dataId);
        form.put("label", "target");
        form.put("test", "");
        form.put("seed", "42");
        form.put("timeLimit", Integer.toString(timeLimitSeconds));
        form.put("memory", Integer.toString(memoryMb));
        form.put("parameters", parameters);
        form.putAll(fields);
        StringBuilder body = new StringBuilder(WebClient.encode(form));
        for (String id : explainers) body.append("&explainer=").append(java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
        return client.send(client.request("/audits").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** Starts an audit; returns the job's id. */
    String start(List<String> explainers, int timeLimitSeconds, int memoryMb, String parameters) throws Exception {
        HttpResponse<String> r = post(explainers, timeLimitSeconds, memoryMb, parameters);
        assertEquals(303, r.statusCode(), "the audit form was refused: " + r.body());
        String location = r.headers().firstValue("location").orElseThrow();
        assertTrue(location.matches("/jobs/[0-9a-f-]{36}"), location);
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Polls the job's JSON until it has finished; returns that JSON. */
    String awaitJob(String jobId, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String json = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.get("/api/jobs/" + jobId);
            assertEquals(200, r.statusCode(), "/api/jobs/" + jobId + ": " + r.body());
            json = r.body();
            if (json.contains("\"finished\":true")) return json;
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " not finished within " + limit.toSeconds() + " s; last seen: " + json);
    }

    /** The report's path a finished audit job leads to. */
    static String reportPath(String jobJson) {
        assertTrue(jobJson.contains("\"state\":\"done\""), "the audit job is done: " + jobJson);
        Matcher m = Pattern.compile("\"next\":\"(/reports/[^\"]+)\"").matcher(jobJson);
        assertTrue(m.find(), "the job leads to a report: " + jobJson);
        return m.group(1);
    }

    /** Runs an audit to its end; returns the report's JSON export, after checking the report page is served. */
    String run(List<String> explainers, int timeLimitSeconds, int memoryMb, String parameters) throws Exception {
        String report = reportPath(awaitJob(start(explainers, timeLimitSeconds, memoryMb, parameters), Duration.ofMinutes(5)));
        HttpResponse<String> page = client.get(report);
        assertEquals(200, page.statusCode(), report);
        HttpResponse<String> json = client.get(report + "/export.json");
        assertEquals(200, json.statusCode(), report + "/export.json");
        return json.body();
    }

    /** The status and milliseconds of an explainer's run in a report's JSON. */
    static Matcher runOf(String report, String id) {
        Matcher m = Pattern.compile("\"explainer\":\"" + Pattern.quote(id) + "\"[^{}]*?\"status\":\"([A-Z]+)\",\"millis\":(\\d+)").matcher(report);
        assertTrue(m.find(), "a run of " + id + " in the report: " + report);
        return m;
    }
}
