package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Plugins against the packaged host, as an operator uses them: the example plugin dropped into the plugins folder
 * of a running Lucent, audited with through the console (as a browser sends it), replaced by a new version that
 * the next audit uses, and deleted; bad jars refused with a reason on the plugins page; nothing written outside
 * the data and plugins folders.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginsIT {

    static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    static LucentProcess host;

    @BeforeAll
    static void start() throws Exception {
        host = LucentProcess.options().heap("512m").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) host.close();
    }

    @Test
    @Order(1)
    void theExamplePluginIsDeployedUpdatedAndRemovedWhileTheHostRuns() throws Exception {
        assertTrue(host.pluginsPage().contains("run with the rights of Lucent"), "the page warns that plugins run unchecked by signature");
        assertFalse(host.health().contains("\"lime\""), "no LIME before the jar is dropped");

        host.drop("lime.jar", Files.readAllBytes(LucentProcess.lime()));
        host.await("LIME in /health", () -> host.health().contains("\"id\":\"lime\""), TEN_SECONDS);
        host.await("lime.jar running on the plugins page", () -> {
            String[] p = host.plugin("lime.jar");
            return p != null && p[0].equals("running");
        }, TEN_SECONDS);
        String page = host.pluginsPage();
        assertTrue(page.contains("lime.jar") && page.contains("lucent-plugin-lime"), "the page lists the plugin and its bundle");
        String firstVersion = host.plugin("lime.jar")[1];

        // an audit with it through the console, as a browser sends it: LIME ranks a linear model's features as its weights do
        ConsoleAudit console = new ConsoleAudit(host.admin()).inputs("linear.lucent", LinearModel.modelFile(), "data.csv", LinearModel.csv(90));
        String report = console.run(List.of("lime"), 120, 512, LinearModel.LIME_PARAMETERS);
        assertEquals("OK", ConsoleAudit.runOf(report, "lime").group(1), "LIME's run finished");
        assertTrue(report.contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"" + firstVersion + "\""), "the run names the plugin");
        LinearModel.assertLimeRanksFeaturesAsTheWeightsDo(report);
        assertNothingWrittenOutsideTheFolders();

        // a second copy under another name would offer LIME twice: refused
        host.drop("lime-copy.jar", Files.readAllBytes(LucentProcess.lime()));
        expect("lime-copy.jar", "refused", "the plugin lime.jar already has the symbolic name lucent-plugin-lime");
        Files.delete(host.plugins.resolve("lime-copy.jar"));

        // a .cfg beside the jar is listed as refused and read by nothing: LIME keeps its defaults
        host.drop("dev.lucent.plugin.lime.cfg", "samples = 1234\ntopK = 3\n".getBytes(StandardCharsets.UTF_8));
        expect("dev.lucent.plugin.lime.cfg", "refused", "configuration files are not read from the plugins folder");
        assertTrue(host.admin().get("/").body().contains("1000 samples per row"), "LIME keeps its defaults");
        Files.delete(host.plugins.resolve("dev.lucent.plugin.lime.cfg"));
        host.await("the .cfg gone from the plugins page", () -> host.plugin("dev.lucent.plugin.lime.cfg") == null, TEN_SECONDS);

        host.drop("lime.jar", LucentProcess.withVersion(LucentProcess.lime(), "7.7.7"));
        host.await("version 7.7.7 in /health", () -> host.inventory().contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"7.7.7\""),
                TEN_SECONDS);
        assertEquals("7.7.7", host.plugin("lime.jar")[1]);
        assertEquals(1, count(host.inventory(), "\"id\":\"lime\""), "one LIME after the update, not two");
        String updated = console.run(List.of("lime"), 120, 512, LinearModel.LIME_PARAMETERS);
        assertTrue(updated.contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"7.7.7\""), "a new audit uses the new version");
        assertEquals(3, LinearModel.assertLimeRanksFeaturesAsTheWeightsDo(updated));

        Files.delete(host.plugins.resolve("lime.jar"));
        host.await("LIME gone from /health", () -> !host.health().contains("\"id\":\"lime\"") && host.health().contains("saliency"),
                TEN_SECONDS);
        host.await("lime.jar gone from the plugins page", () -> host.plugin("lime.jar") == null, TEN_SECONDS);
    }

    @Test
    @Order(2)
    void badJarsAreRefusedWithAReasonAndNothingElseIsAffected() throws Exception {
        String slipName = "lucent-slip-" + UUID.randomUUID() + ".txt";
        host.drop("plain.jar", jar(List.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: x.Y\r\n\r\n", "x/Y.class", "code")));
        host.drop("needs-missing.jar", jar(List.of("META-INF/MANIFEST.MF", manifest("bad.missing", "Import-Package: com.example.missing"))));
        host.drop("wrong-spi.jar", jar(List.of("META-INF/MANIFEST.MF",
                manifest("bad.spi", "Import-Package: dev.lucent.explain.api;version=\"[3.0,4)\""))));
        host.drop("slip.jar", jar(List.of("META-INF/MANIFEST.MF", manifest("bad.slip", ""), "../../" + slipName, "escaped")));
        host.drop("bomb.jar", bomb());
        host.drop("nested.jar", jar(List.of("META-INF/MANIFEST.MF", manifest("bad.nested", ""), "lib/META-INF/MANIFEST.MF",
                manifest("bad.other", "Import-Package: dev.lucent.audit.runner"))));

        expect("plain.jar", "refused", "not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        expect("needs-missing.jar", "not_started", "needs package com.example.missing which no installed bundle exports");
        // the offered version is the SPI's current 2.x (a minor release must not break this test)
        expect("wrong-spi.jar", "not_started", "needs package dev.lucent.explain.api (version from 3.0.0, below 4.0.0), but Lucent offers only version 2.");
        expect("slip.jar", "refused", "climbs out of its folder with '..' (zip-slip)");
        expect("bomb.jar", "refused", "looks like a zip bomb");
        expect("nested.jar", "refused", "a second manifest at 'lib/META-INF/MANIFEST.MF'");

        String page = host.pluginsPage();
        for (String shown : List.of("needs package com.example.missing which no installed bundle exports", "looks like a zip bomb",
                "zip-slip", "not an OSGi bundle", "a second manifest at"))
            assertTrue(page.contains(shown), "the plugins page shows: " + shown);
        host.await("the built-in explainers untouched in /health", () -> host.health().contains("\"id\":\"saliency\""), TEN_SECONDS);

        assertNothingWrittenOutsideTheFolders();
        // and the zip-slip entry exists nowhere near
        assertFalse(LucentProcess.anyFile(host.home, p -> p.getFileName().toString().equals(slipName)), "the zip-slip entry was written nowhere");
        for (Path up = host.home.getParent(); up != null && up.getNameCount() >= host.home.getNameCount() - 3; up = up.getParent())
            assertFalse(Files.exists(up.resolve(slipName)), "the zip-slip entry escaped to " + up);

        for (String f : List.of("plain.jar", "needs-missing.jar", "wrong-spi.jar", "slip.jar", "bomb.jar", "nested.jar"))
            Files.delete(host.plugins.resolve(f));
        host.await("refused plugins gone from the page", () -> host.plugin("slip.jar") == null && host.plugin("needs-missing.jar") == null,
                TEN_SECONDS);
    }

    /**
     * A jar replaced while an audit runs: that audit finishes on the version it began with, even in the worker
     * JVM started after the replacement (the hanging fixture goes first and is killed at its time limit, so a
     * fresh worker runs LIME); the next audit uses the new version.
     */
    @Test
    @Order(3)
    void anAuditInFlightFinishesOnTheVersionItBeganWith() throws Exception {
        host.drop("hanging.jar", Files.readAllBytes(LucentProcess.fixture("hanging")));
        host.drop("lime.jar", LucentProcess.withVersion(LucentProcess.lime(), "8.1.0"));
        host.await("the hanging fixture and LIME 8.1.0 in /health", () -> {
            String h = host.inventory();
            return h.contains("\"id\":\"fixture-hanging\"") && h.contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"8.1.0\"");
        }, TEN_SECONDS);
        ConsoleAudit console = new ConsoleAudit(host.admin()).inputs("linear.lucent", LinearModel.modelFile(), "data.csv", LinearModel.csv(90));
        String job = console.start(List.of("fixture-hanging", "lime"), 8, 512, LinearModel.LIME_PARAMETERS);
        host.await("the hanging fixture running in the audit's first worker", () -> host.admin().get("/api/jobs/" + job).body()
                .matches("(?s).*\\{\"name\":\"[^\"]*\",\"state\":\"running\".*"), Duration.ofSeconds(60));

        host.drop("lime.jar", LucentProcess.withVersion(LucentProcess.lime(), "8.2.0"));
        host.await("LIME 8.2.0 in /health", () -> host.inventory().contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"8.2.0\""),
                TEN_SECONDS);
        assertTrue(host.admin().get("/api/jobs/" + job).body().contains("\"finished\":false"), "replaced while the audit runs");

        String report = host.admin().get(ConsoleAudit.reportPath(console.awaitJob(job, Duration.ofMinutes(3))) + "/export.json").body();
        assertEquals("ERROR", ConsoleAudit.runOf(report, "fixture-hanging").group(1), "the hanging fixture was stopped at its limit");
        assertEquals("OK", ConsoleAudit.runOf(report, "lime").group(1), "LIME ran, in a worker started after the replacement");
        assertTrue(report.contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"8.1.0\""), "the audit in flight kept 8.1.0");
        assertFalse(report.contains("8.2.0"), "nothing of the new version in the audit that began before it");
        LinearModel.assertLimeRanksFeaturesAsTheWeightsDo(report);

        String next = console.run(List.of("lime"), 120, 512, LinearModel.LIME_PARAMETERS);
        assertTrue(next.contains("\"bundle\":\"lucent-plugin-lime\",\"bundleVersion\":\"8.2.0\""), "the next audit uses 8.2.0");
        assertNothingWrittenOutsideTheFolders();

        for (String f : List.of("hanging.jar", "lime.jar")) Files.delete(host.plugins.resolve(f));
        host.await("both gone from /health", () -> !host.health().contains("\"id\":\"lime\"") && !host.health().contains("fixture-hanging"),
                TEN_SECONDS);
    }

    /**
     * Nothing written outside the plugins and data folders: the host JVM's temp folder (home/tmp) stays empty,
     * nothing appears beside the folders, and no audit left working files under the data folder.
     */
    private static void assertNothingWrittenOutsideTheFolders() throws IOException {
        assertEquals(List.of(), host.strayEntries(), "the host created nothing beside its folders");
        assertEquals(List.of(), LucentProcess.filesUnder(host.tmp), "nothing in the JVM's temporary folder");
        assertEquals(List.of(), LucentProcess.filesUnder(host.data.resolve("work")), "no audit's working files left");
    }

    private void expect(String file, String status, String reason) throws InterruptedException {
        host.await(file + " " + status + ": " + reason, () -> {
            String[] p = host.plugin(file);
            return p != null && p[0].equals(status) && p[2] != null && p[2].contains(reason);
        }, TEN_SECONDS);
    }

    static String manifest(String bsn, String extra) {
        return "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: " + bsn + "\r\nBundle-Version: 1.0.0\r\n"
                + (extra.isEmpty() ? "" : extra + "\r\n") + "\r\n";
    }

    /** Name, content, name, content... */
    static byte[] jar(List<String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.size(); i += 2) {
                z.putNextEntry(new ZipEntry(entries.get(i)));
                z.write(entries.get(i + 1).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A valid bundle plus 64 MiB of zeros that deflate to about 64 KiB. */
    static byte[] bomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write(manifest("bad.bomb", "").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) z.write(zeros);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
