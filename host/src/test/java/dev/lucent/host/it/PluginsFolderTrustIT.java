package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plugins folder admits checked jars and nothing else, against the packaged host: the two attacks of issue 19
 * (a FileInstall {@code .cfg} watching a second folder that holds an unsigned bundle, with and without
 * {@code --trusted-keys}; a {@code .cfg} named after the security filter moving its pattern, then an
 * unauthenticated POST creating an admin) start nothing and change nothing, and the files are listed as refused.
 * The folder deleted, recreated, moved away and back: the watcher keeps going and removed jars' explainers go.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginsFolderTrustIT {

    static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    /** Several of FileInstall's one-second polls: what a .cfg did, it did by then on the old host. */
    static final Duration WATCH = Duration.ofSeconds(6);
    static final String NOT_READ = "configuration files are not read from the plugins folder";
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
    void aFileInstallCfgStartsNoUnsignedBundleFromAnotherFolder() throws Exception {
        secondFolderAttack(host);
    }

    @Test
    @Order(2)
    void aFileInstallCfgStartsNoUnsignedBundleWithTrustedKeysEither() throws Exception {
        Path keys = Files.createTempDirectory("lucent-keys-it-");
        TrustedPluginsIT.run(keys, TrustedPluginsIT.tool("keytool"), "-genkeypair", "-alias", "team", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=team,O=Lucent IT", "-validity", "30", "-keystore", "team.p12", "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        Files.writeString(keys.resolve("trusted.pem"), TrustedPluginsIT.run(keys, TrustedPluginsIT.tool("keytool"), "-exportcert", "-rfc",
                "-alias", "team", "-keystore", "team.p12", "-storepass", "changeit"));
        try (LucentProcess trusting = LucentProcess.options().heap("512m").args("--trusted-keys", keys.resolve("trusted.pem").toString()).start()) {
            secondFolderAttack(trusting);
        }
    }

    /** A .cfg for FileInstall's own factory PID naming a second folder that holds the unsigned example plugin. */
    private static void secondFolderAttack(LucentProcess lucent) throws Exception {
        Path second = Files.createDirectories(lucent.home.resolve("second"));
        Files.copy(LucentProcess.lime(), second.resolve("lime.jar"));
        String cfg = "org.apache.felix.fileinstall-second.cfg";
        lucent.drop(cfg, ("felix.fileinstall.dir = " + second + "\nfelix.fileinstall.poll = 200\n"
                + "felix.fileinstall.noInitialDelay = true\nfelix.fileinstall.bundles.new.start = true\n").getBytes(StandardCharsets.UTF_8));
        never(lucent, "the unsigned LIME from the second folder running in the host", () -> lucent.health().contains("\"id\":\"lime\""));
        expectRefused(lucent, cfg, NOT_READ);
        assertTrue(lucent.pluginsPage().contains(NOT_READ), "the plugins page says why");
        Files.delete(lucent.plugins.resolve(cfg));
        lucent.await(cfg + " gone from the plugins page", () -> lucent.plugin(cfg) == null, TEN_SECONDS);
    }

    @Test
    @Order(3)
    void aCfgNamedAfterTheSecurityFilterLeavesTheLoginInPlace() throws Exception {
        String cfg = "dev.lucent.audit.web.security.SecurityFilter.cfg";
        host.drop(cfg, "osgi.http.whiteboard.filter.pattern = /nothing-here\n".getBytes(StandardCharsets.UTF_8));
        String form = "username=intruder&role=admin";
        never(host, "an unauthenticated POST creating an admin", () -> {
            RawHttp.Answer a = RawHttp.exchange(host.port, "POST /settings/users HTTP/1.1", "127.0.0.1:" + host.port, form,
                    "Content-Type: application/x-www-form-urlencoded");
            return a.status() != 403;
        });
        assertFalse(host.adminGet("/settings/users").contains("intruder"), "no user 'intruder'");
        expectRefused(host, cfg, NOT_READ);
        Files.delete(host.plugins.resolve(cfg));
    }

    @Test
    @Order(4)
    void otherFilesAreListedAsRefusedNotIgnored() throws Exception {
        host.drop("notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
        host.drop("settings.config", "a = 1\n".getBytes(StandardCharsets.UTF_8));
        expectRefused(host, "notes.txt", "not a .jar file: only plugin jars are installed from the plugins folder");
        expectRefused(host, "settings.config", NOT_READ);
        Files.delete(host.plugins.resolve("notes.txt"));
        Files.delete(host.plugins.resolve("settings.config"));
        host.await("both gone from the plugins page", () -> host.plugin("notes.txt") == null && host.plugin("settings.config") == null,
                TEN_SECONDS);
    }

    @Test
    @Order(5)
    void thePluginsFolderDeletedRecreatedMovedAndBackKeepsBeingWatched() throws Exception {
        byte[] lime = Files.readAllBytes(LucentProcess.lime());
        host.drop("lime.jar", lime);
        awaitLime(true, "LIME running from the jar dropped in");

        deleteTree(host.plugins);
        awaitLime(false, "LIME gone with the deleted folder");
        host.await("lime.jar gone from the plugins page", () -> host.plugin("lime.jar") == null, TEN_SECONDS);

        Files.createDirectories(host.plugins);
        host.drop("lime.jar", lime);
        awaitLime(true, "LIME running again from the recreated folder");

        Path away = host.home.resolve("plugins-away");
        Files.move(host.plugins, away);
        awaitLime(false, "LIME gone with the folder moved away");
        Files.move(away, host.plugins);
        awaitLime(true, "LIME back with the folder, the same jar unchanged");
        assertEquals("running", host.plugin("lime.jar")[0]);

        Files.delete(host.plugins.resolve("lime.jar"));
        awaitLime(false, "LIME gone with its jar");
    }

    private static void awaitLime(boolean running, String what) throws InterruptedException {
        host.await(what, () -> host.health().contains("\"id\":\"lime\"") == running && host.health().contains("\"id\":\"saliency\""),
                TEN_SECONDS);
    }

    /** Fails as soon as the condition holds within {@link #WATCH}: something that must not happen did. */
    private static void never(LucentProcess lucent, String what, LucentProcess.Check happened) throws Exception {
        long end = System.nanoTime() + WATCH.toNanos();
        while (System.nanoTime() < end) {
            if (happened.holds()) throw new AssertionError("it happened: " + what + "\n--- host output ---\n" + lucent.output());
            Thread.sleep(200);
        }
    }

    private static void expectRefused(LucentProcess lucent, String file, String reason) throws InterruptedException {
        lucent.await(file + " refused: " + reason, () -> {
            String[] p = lucent.plugin(file);
            return p != null && p[0].equals("refused") && p[2] != null && p[2].contains(reason);
        }, TEN_SECONDS);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
