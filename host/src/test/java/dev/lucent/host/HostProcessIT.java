package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a separate process: it serves / and /health and stops cleanly on SIGTERM. */
class HostProcessIT {

    @TempDir
    Path dir;

    @Test
    void servesHealthAndStartPageThenStopsCleanlyOnSigterm() throws Exception {
        int port = LucentJar.freePort();
        Path log = dir.resolve("host.log");
        Process host = LucentJar.command(dir, "--port", Integer.toString(port), "--data", "data", "--plugins", "plugins")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(LucentJar.awaitOk("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60), host),
                    () -> "no /health: " + read(log));
            LucentJar.Response health = LucentJar.get("http://127.0.0.1:" + port + "/health");
            assertTrue(health.body().contains("\"state\":\"ACTIVE\""), health.body());
            assertTrue(health.body().contains("\"family\":\"saliency\""), "built-in explainer listed: " + health.body());
            assertTrue(health.headers().getOrDefault("Content-Type", java.util.List.of("")).get(0).startsWith("application/json"));

            int start = LucentJar.get("http://127.0.0.1:" + port + "/").status();
            assertTrue(start == 200 || start == 302 || start == 303, "GET / answered " + start);
            // the launcher prints its line after its own /health poll: allow it a moment
            long until = System.nanoTime() + 10_000_000_000L;
            while (!read(log).contains("is ready: http://127.0.0.1:" + port + "/") && System.nanoTime() < until) Thread.sleep(50);
            assertTrue(read(log).contains("is ready: http://127.0.0.1:" + port + "/"), read(log));
        } finally {
            host.destroy(); // SIGTERM on Linux
        }
        assertTrue(host.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
        assertEquals(0, host.exitValue(), () -> "exit code after SIGTERM; log: " + read(log));
        assertTrue(read(log).contains("Lucent stopped."), read(log));
        assertTrue(Files.isDirectory(dir.resolve("data")), "data folder created");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
