package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The three deliberately bad fixture plugins (plugins/test-fixtures: throws, hangs ignoring interrupts, allocates
 * without bound) in one audit beside LIME, dropped into the plugins folder like any plugin: each ends as an
 * error of its own within the time limit plus 2 s, LIME's findings are complete, and an explainer that fails
 * three times in a row is quarantined until re-enabled. Meanwhile a serving Lucent with the same plugins folder
 * answers /health every 200 ms.
 */
class BadPluginsIT {

    static final int TIME_LIMIT_SECONDS = 5;

    static Path fixture(String name) {
        Path dir = Path.of(System.getProperty("lucent.plugin.fixtures", "missing"), name, "target");
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lucent-plugin-tests-" + name) && p.toString().endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no fixture jar in " + dir));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no fixture jar in " + dir + " (build the reactor)", e);
        }
    }

    @Test
    void badPluginsFailAloneAndARepeatedOffenderIsQuarantined() throws Exception {
        try (PluginHost console = PluginHost.start()) {
            for (String f : List.of("throwing", "hanging", "hungry")) Files.copy(fixture(f), console.plugins.resolve(f + ".jar"));
            Files.copy(PluginHost.lime(), console.plugins.resolve("lime.jar"));
            console.await("the fixtures and LIME in /health", () -> {
                String h = console.health();
                return h.contains("\"fixture-throwing\"") && h.contains("\"fixture-hanging\"") && h.contains("\"fixture-hungry\"")
                        && h.contains("\"lime\"");
            }, java.time.Duration.ofSeconds(20));

            AtomicInteger polls = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Thread poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (!console.health().contains("\"status\":\"UP\"")) synchronized (failures) {
                        failures.add("poll " + polls.get());
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

            Path home = Files.createTempDirectory("lucent-bad-plugins-it-");
            Path model = home.resolve("m.lmf");
            Files.write(model, PluginAuditIT.logisticModelFile());
            Path csv = home.resolve("d.csv");
            Files.writeString(csv, PluginAuditIT.data(90));
            Path data = home.resolve("data");

            String report = audit(console.plugins, data, model, csv, home.resolve("r1.json"),
                    "fixture-throwing,fixture-hanging,fixture-hungry,lime");
            for (String bad : List.of("fixture-throwing", "fixture-hanging", "fixture-hungry")) {
                Matcher m = run(report, bad);
                assertEquals("ERROR", m.group(1), bad + " ends as an error");
                assertTrue(Long.parseLong(m.group(2)) <= TIME_LIMIT_SECONDS * 1000L + 2000, bad + " took " + m.group(2) + " ms");
            }
            assertTrue(report.contains("\"title\":\"Test plugin that throws failed\""), "an error finding names the plugin");
            Matcher lime = run(report, "lime");
            assertEquals("OK", lime.group(1), "LIME finishes beside them");
            assertEquals(3, count(report, "\"title\":\"LIME local slopes\""), "LIME's three attributions are all there");
            assertTrue(report.contains("\"title\":\"LIME local fits\"") && report.contains("\"title\":\"LIME explanations are faithful locally\""));

            // two more failures in a row: quarantined, then skipped
            audit(console.plugins, data, model, csv, home.resolve("r2.json"), "fixture-throwing");
            audit(console.plugins, data, model, csv, home.resolve("r3.json"), "fixture-throwing");
            String fourth = audit(console.plugins, data, model, csv, home.resolve("r4.json"), "fixture-throwing,lime");
            assertEquals("SKIPPED", run(fourth, "fixture-throwing").group(1), "the repeated offender is quarantined");
            assertTrue(fourth.contains("quarantined after 3 failed runs in a row"), "and the report says why");
            assertEquals("OK", run(fourth, "lime").group(1));

            String enabled = cli(console.plugins, data, "explainers", "--enable", "fixture-throwing");
            assertTrue(enabled.contains("re-enabled"), enabled);
            String fifth = audit(console.plugins, data, model, csv, home.resolve("r5.json"), "fixture-throwing");
            assertEquals("ERROR", run(fifth, "fixture-throwing").group(1), "re-enabled by the operator, it runs again");

            poller.interrupt();
            poller.join(5000);
            assertTrue(polls.get() > 50, "polled /health " + polls.get() + " times");
            assertEquals(List.of(), failures, "the console answered every poll");
        }
    }

    static Matcher run(String report, String id) {
        Matcher m = Pattern.compile("\"explainer\":\"" + Pattern.quote(id) + "\"[^{}]*?\"status\":\"([A-Z]+)\",\"millis\":(\\d+)").matcher(report);
        assertTrue(m.find(), "a run of " + id + " in the report");
        return m;
    }

    static String audit(Path plugins, Path data, Path model, Path csv, Path json, String explainers) throws Exception {
        String out = cli(plugins, data, "audit", "--model", model.toString(), "--data", csv.toString(), "--label", "target",
                "--explainers", explainers, "--time-limit", Integer.toString(TIME_LIMIT_SECONDS), "--memory", "256",
                "--json", json.toString());
        assertTrue(Files.isRegularFile(json), "a report was written:\n" + out);
        return Files.readString(json);
    }

    static String cli(Path plugins, Path data, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                LucentProcess.jar().toString(), "--data", data.toString(), "--plugins", plugins.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "lucent " + args[0] + " finished");
        assertTrue(p.exitValue() <= 1, "lucent " + String.join(" ", args) + " exit " + p.exitValue() + ":\n" + out);
        return out;
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
