package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The three deliberately bad fixture plugins (plugins/test-fixtures: throws, hangs ignoring interrupts, allocates
 * without bound) in one audit beside LIME, dropped into the plugins folder of a running host and audited through
 * its console: each ends as an error finding naming its plugin within the time limit plus 2 s, LIME's findings are
 * complete, and the console answers /health every 200 ms throughout. An explainer that fails three audits in a row
 * is quarantined: listed on the plugins page, not offered by the new-audit form, until re-enabled there.
 */
class BadPluginsIT {

    static final int TIME_LIMIT_SECONDS = 5;
    static final List<String> BAD = List.of("fixture-throwing", "fixture-hanging", "fixture-hungry");

    @Test
    void badPluginsFailAloneAndARepeatedOffenderIsQuarantined() throws Exception {
        try (LucentProcess host = LucentProcess.options().heap("512m").start()) {
            for (String f : List.of("throwing", "hanging", "hungry")) host.drop(f + ".jar", Files.readAllBytes(LucentProcess.fixture(f)));
            host.drop("lime.jar", Files.readAllBytes(LucentProcess.lime()));
            host.await("the fixtures and LIME in /health", () -> {
                String h = host.health();
                return BAD.stream().allMatch(id -> h.contains("\"" + id + "\"")) && h.contains("\"lime\"");
            }, Duration.ofSeconds(20));
            ConsoleAudit console = new ConsoleAudit(host.admin()).inputs("linear.lucent", LinearModel.modelFile(), "data.csv",
                    LinearModel.csv(90));

            AtomicInteger polls = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Thread poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long t0 = System.nanoTime();
                    if (!host.health().contains("\"status\":\"UP\"")) synchronized (failures) {
                        failures.add("poll " + polls.get() + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                    }
                    polls.incrementAndGet();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "health-poller");
            poller.setDaemon(true);
            poller.start();

            String report = console.run(List.of("fixture-throwing", "fixture-hanging", "fixture-hungry", "lime"), TIME_LIMIT_SECONDS, 256, "");
            for (String bad : BAD) {
                Matcher run = ConsoleAudit.runOf(report, bad);
                assertEquals("ERROR", run.group(1), bad + " ends as an error");
                long ms = Long.parseLong(run.group(2));
                assertTrue(ms <= TIME_LIMIT_SECONDS * 1000L + 2000, bad + " took " + ms + " ms, more than the time limit plus 2 s");
                String plugin = "lucent-plugin-tests-" + bad.substring("fixture-".length());
                Matcher error = Pattern.compile("\"outcome\":\"ERROR\",\"summary\":\"explainer " + Pattern.quote(bad) + " \\(plugin/bundle "
                        + Pattern.quote(plugin) + " [^)]+\\) ([^\"]*)\"").matcher(report);
                assertTrue(error.find(), "an error finding naming " + bad + " and its plugin " + plugin + ":\n" + report);
                System.out.printf("BadPluginsIT: %s ERROR after %d ms: %s%n", bad, ms, error.group(1));
            }
            assertTrue(report.contains("\"title\":\"Test plugin that throws failed\""), "the error finding's title names the plugin");
            assertEquals("OK", ConsoleAudit.runOf(report, "lime").group(1), "LIME finishes beside them");
            // one attribution per row, as the shared attribution findings title them
            // counted in the report itself: the export's compliance view after it lists each finding again per section
            assertEquals(3, count(report.substring(0, report.indexOf(",\"compliance\":")), "\"title\":\"LIME, row "),
                    "LIME's three attributions are all there");
            assertTrue(report.contains("\"title\":\"LIME local fits\"") && report.contains("\"title\":\"LIME explanations are faithful locally\""));

            // The throwing plugin left a scratch file in its temporary folder: that was the audit's own folder under
            // the data folder, deleted with it.
            Matcher scratch = Pattern.compile("left a scratch file at ([^\"\\\\]+)").matcher(report);
            assertTrue(scratch.find(), "the throwing plugin says where it wrote");
            Path left = Path.of(scratch.group(1));
            assertTrue(left.startsWith(host.data.resolve("work")), "the worker's temporary folder is under <data>/work: " + left);
            assertFalse(Files.exists(left), "deleted after the audit: " + left);
            assertFalse(Files.exists(left.getParent()), "the audit's folder is gone: " + left.getParent());

            // two more failures in a row: quarantined
            for (int i = 2; i <= 3; i++)
                assertEquals("ERROR", ConsoleAudit.runOf(console.run(List.of("fixture-throwing"), TIME_LIMIT_SECONDS, 256, ""),
                        "fixture-throwing").group(1));
            String page = host.pluginsPage();
            Matcher row = Pattern.compile("(?s)<tr data-explainer=\"fixture-throwing\">(.*?)</tr>").matcher(page);
            assertTrue(row.find(), "the plugins page lists the quarantined explainer:\n" + page);
            assertTrue(row.group(1).contains("quarantined") && row.group(1).contains("Test plugin that throws"), row.group(1));
            assertFalse(page.contains("data-explainer=\"fixture-hanging\""), "one failure is not a quarantine");
            assertTrue(host.pluginsJson().contains("\"quarantined\":[{\"id\":\"fixture-throwing\""), host.pluginsJson());
            assertTrue(host.health().contains("fixture-throwing"), "still installed, only quarantined");

            String form = host.admin().get("/audits/new").body();
            Matcher box = Pattern.compile("<input[^>]*id=\"explainer-fixture-throwing\"[^>]*>").matcher(form);
            assertTrue(box.find(), "the new-audit page lists the quarantined explainer");
            assertTrue(box.group().contains("disabled") && !box.group().contains("checked"), "but does not offer it: " + box.group());
            HttpResponse<String> refused = console.post(List.of("fixture-throwing", "lime"), TIME_LIMIT_SECONDS, 256, "");
            assertEquals(400, refused.statusCode(), "a quarantined explainer is refused by the form");
            assertTrue(refused.body().contains("is quarantined after 3 failed runs in a row"), refused.body());

            // re-enabled by an operator on the plugins page (a POST without the session's token changes nothing), it runs again
            assertEquals(403, host.admin().postForm("/plugins/reenable", Map.of("explainer", "fixture-throwing")).statusCode());
            assertTrue(host.pluginsPage().contains("data-explainer=\"fixture-throwing\""), "still quarantined");
            HttpResponse<String> reenabled = host.admin().postFormWithToken("/plugins/reenable", Map.of("explainer", "fixture-throwing"));
            assertEquals(303, reenabled.statusCode(), reenabled.body());
            assertFalse(host.pluginsPage().contains("data-explainer=\"fixture-throwing\""), "no longer quarantined");
            assertEquals("ERROR", ConsoleAudit.runOf(console.run(List.of("fixture-throwing"), TIME_LIMIT_SECONDS, 256, ""),
                    "fixture-throwing").group(1), "re-enabled by the operator, it runs again");

            poller.interrupt();
            poller.join(5000);
            assertTrue(polls.get() > 50, "polled /health " + polls.get() + " times");
            assertEquals(List.of(), failures, "the console answered every poll");
            System.out.println("BadPluginsIT: /health answered " + polls.get() + " polls, every 200 ms, no failure");

            assertEquals(List.of(), LucentProcess.filesUnder(host.tmp), "nothing in the host JVM's temporary folder");
            assertEquals(List.of(), host.strayEntries(), "nothing beside the data and plugins folders");
            assertEquals(List.of(), LucentProcess.filesUnder(host.data.resolve("work")), "no working files left");
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
