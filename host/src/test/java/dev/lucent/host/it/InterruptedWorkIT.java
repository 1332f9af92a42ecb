package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Work cut short by a host crash (SIGKILL) leaves a trace the next host shows, and a sign-off stored but not
 * answered is not stored twice when its form is sent again, also after a restart.
 */
class InterruptedWorkIT {

    /** A data set big enough that training it for many epochs is still running when the host is killed. */
    static byte[] slowToTrain() {
        Random r = new Random(7);
        StringBuilder b = new StringBuilder();
        for (int f = 0; f < 20; f++) b.append("f").append(f).append(',');
        b.append("target\n");
        for (int i = 0; i < 3000; i++) {
            double sum = 0;
            for (int f = 0; f < 20; f++) {
                double v = r.nextGaussian();
                sum += v;
                b.append(String.format(java.util.Locale.ROOT, "%.4f", v)).append(',');
            }
            b.append(sum > 0 ? "yes" : "no").append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTrainingKilledWithTheHostIsShownAsInterruptedAfterTheRestart() throws Exception {
        LucentProcess first = LucentProcess.start();
        String jobId;
        Path stale;
        try {
            WebClient admin = first.signIn();
            String dataId = new ConsoleAudit(admin).upload("datasets", "big.csv", slowToTrain());
            admin.get("/models");
            Map<String, String> form = new LinkedHashMap<>();
            form.put("dataset", dataId);
            form.put("label", "target");
            form.put("hidden", "512,512");
            form.put("epochs", "500");
            HttpResponse<String> started = admin.postFormWithToken("/models/train", form);
            assertEquals(303, started.statusCode(), started.body());
            String location = started.headers().firstValue("location").orElseThrow();
            jobId = location.substring(location.lastIndexOf('/') + 1);
            first.await("the training running", () -> admin.get("/api/jobs/" + jobId).body().contains("\"state\":\"running\""),
                    Duration.ofSeconds(60));
            assertTrue(Files.exists(first.data.resolve("console/jobs/" + jobId + ".job")), "recorded while it runs");
            // what an upload cut off by the crash leaves behind
            stale = Files.writeString(Files.createDirectories(first.data.resolve("uploads/.incoming")).resolve("upload-cut.part"), "half");
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(60)));
        } finally {
            first.kill();
        }
        assertTrue(Files.exists(stale));
        try (LucentProcess next = LucentProcess.options().homeOf(first).start()) {
            WebClient admin = next.signIn();
            String dashboard = admin.get("/").body();
            assertTrue(dashboard.contains("Training an MLP on big.csv") && dashboard.contains("interrupted"), dashboard);
            String json = admin.get("/api/jobs/" + jobId).body();
            assertTrue(json.contains("\"state\":\"interrupted\"") && json.contains("interrupted by a host stop"), json);
            assertEquals(200, admin.get("/jobs/" + jobId).statusCode());
            assertFalse(Files.exists(stale), "the dead host's half-written upload is deleted");
            assertFalse(Files.exists(next.data.resolve("console/jobs/" + jobId + ".job")));
        }
    }

    static final Pattern SIGN_OFF_KEY = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

    static long signOffs(WebClient admin, String report) throws Exception {
        String page = admin.get(report).body();
        int table = page.indexOf("id=\"signoffs\"");
        if (table < 0) return 0;
        return Pattern.compile("<tr>").matcher(page.substring(table, page.indexOf("</table>", table))).results().count() - 1;
    }

    @Test
    void aResentSignOffFormIsStoredOnceAlsoAfterARestart() throws Exception {
        LucentProcess first = LucentProcess.start();
        String report;
        Map<String, String> form = new LinkedHashMap<>();
        try {
            WebClient admin = first.signIn();
            ConsoleAudit console = new ConsoleAudit(admin).inputs("linear.lucent", LinearModel.modelFile(), "data.csv", LinearModel.csv(90));
            report = ConsoleAudit.reportPath(console.awaitJob(console.start(List.of("classification-metrics"), 120, 256, ""), Duration.ofMinutes(5)));
            Matcher key = SIGN_OFF_KEY.matcher(admin.get(report).body());
            assertTrue(key.find(), "the sign-off form carries a key");
            form.put("request", key.group(1));
            form.put("decision", "needs-changes");
            form.put("comment", "recalibrate");
            assertEquals(200, admin.postFormWithToken(report + "/signoff", form).statusCode());
            // the answer was lost; the browser sends the same form again
            HttpResponse<String> again = admin.postFormWithToken(report + "/signoff", form);
            assertEquals(200, again.statusCode());
            assertTrue(again.body().contains("stored already"), again.body());
            assertEquals(1, signOffs(admin, report));
        } finally {
            first.kill();
        }
        try (LucentProcess next = LucentProcess.options().homeOf(first).start()) {
            WebClient admin = next.signIn();
            admin.get(report);
            HttpResponse<String> afterRestart = admin.postFormWithToken(report + "/signoff", form);
            assertEquals(200, afterRestart.statusCode());
            assertTrue(afterRestart.body().contains("stored already"), afterRestart.body());
            assertEquals(1, signOffs(admin, report));
            // a new form (a new key) is a new decision
            Matcher key = SIGN_OFF_KEY.matcher(admin.get(report).body());
            assertTrue(key.find());
            form.put("request", key.group(1));
            form.put("decision", "approve");
            assertEquals(200, admin.postFormWithToken(report + "/signoff", form).statusCode());
            assertEquals(2, signOffs(admin, report));
        }
    }
}
