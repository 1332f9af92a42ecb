package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code --trusted-keys}: keys made with the JDK's keytool, jars signed with its jarsigner; only the jar
 * signed by the listed key runs.
 */
class TrustedPluginsIT {

    static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    static Path keys;
    static LucentProcess host;

    @BeforeAll
    static void start() throws Exception {
        keys = Files.createTempDirectory("lucent-keys-it-");
        for (String alias : List.of("trusted-team", "other-team"))
            run(keys, tool("keytool"), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + alias + ",O=Lucent IT", "-validity", "30", "-keystore", alias + ".p12",
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        String pem = run(keys, tool("keytool"), "-exportcert", "-rfc", "-alias", "trusted-team", "-keystore", "trusted-team.p12",
                "-storepass", "changeit");
        Files.writeString(keys.resolve("trusted.pem"), pem);
        for (String alias : List.of("trusted-team", "other-team"))
            run(keys, tool("jarsigner"), "-keystore", alias + ".p12", "-storepass", "changeit", "-signedjar",
                    keys.resolve(alias + "-lime.jar").toString(), LucentProcess.lime().toString(), alias);
        host = LucentProcess.options().heap("512m").args("--trusted-keys", keys.resolve("trusted.pem").toString()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) host.close();
    }

    @Test
    void onlyTheJarSignedByATrustedKeyRuns() throws Exception {
        String page = host.pluginsPage();
        assertTrue(page.contains("Only jars signed by a trusted key are accepted"), "the page says signatures are enforced");
        assertFalse(page.contains("run with the rights of Lucent"), "no unchecked-plugins warning when keys are enforced");

        host.drop("unsigned.jar", Files.readAllBytes(LucentProcess.lime()));
        host.drop("other.jar", Files.readAllBytes(keys.resolve("other-team-lime.jar")));
        host.await("unsigned jar refused", () -> refused("unsigned.jar", "not signed, and only jars signed by a trusted key are accepted"),
                TEN_SECONDS);
        host.await("other key refused", () -> refused("other.jar", "CN=other-team,O=Lucent IT, whose key is not among the trusted keys"),
                TEN_SECONDS);
        assertFalse(host.health().contains("\"id\":\"lime\""), "neither refused jar runs");

        host.drop("trusted.jar", Files.readAllBytes(keys.resolve("trusted-team-lime.jar")));
        host.await("the trusted jar runs", () -> {
            String[] p = host.plugin("trusted.jar");
            return p != null && p[0].equals("running");
        }, TEN_SECONDS);
        host.await("LIME in /health", () -> host.health().contains("\"id\":\"lime\""), TEN_SECONDS);
        assertTrue(host.pluginsJson().contains("\"signedBy\":\"CN=trusted-team,O=Lucent IT\""), host.pluginsJson());

        // the audit's worker checks signatures too, on the copy of the jar the host installed: it runs
        ConsoleAudit console = new ConsoleAudit(host.admin()).inputs("linear.lucent", LinearModel.modelFile(), "data.csv", LinearModel.csv(90));
        String report = console.run(List.of("lime"), 120, 512, LinearModel.LIME_PARAMETERS);
        assertEquals("OK", ConsoleAudit.runOf(report, "lime").group(1), "the signed LIME ran in the worker");
        LinearModel.assertLimeRanksFeaturesAsTheWeightsDo(report);
    }

    private static boolean refused(String file, String reason) throws Exception {
        String[] p = host.plugin(file);
        return p != null && p[0].equals("refused") && p[2] != null && p[2].contains(reason);
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
        return out;
    }
}
