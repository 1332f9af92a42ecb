package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The packaged jar as a separate process: it serves / and /health and stops cleanly on SIGTERM. */
class HostProcessIT {

    @Test
    void servesHealthAndStartPageThenStopsCleanlyOnSigterm() throws Exception {
        LucentProcess host = LucentProcess.start();
        int exit;
        try {
            LucentProcess.Response health = LucentProcess.fetch(host.url("/health"));
            assertTrue(health.body().contains("\"id\":\"saliency\""), "built-in explainer listed: " + health.body());
            assertTrue(health.headers().getOrDefault("Content-Type", java.util.List.of("")).get(0).startsWith("application/json"));
            String inventory = host.inventory();
            assertTrue(inventory.contains("\"state\":\"ACTIVE\""), inventory);
            assertTrue(inventory.contains("\"family\":\"saliency\""), "signed in, with each explainer's family: " + inventory);

            int start = LucentProcess.fetch(host.url("/")).status();
            assertTrue(start == 200 || start == 302 || start == 303, "GET / answered " + start);
            // the launcher prints its line after its own /health poll: allow it a moment
            host.await("the ready line", () -> host.output().contains("is ready: " + host.url("/")), java.time.Duration.ofSeconds(10));
        } finally {
            exit = host.stop(); // SIGTERM on Linux
        }
        assertEquals(0, exit, () -> "exit code after SIGTERM; log: " + host.output());
        assertTrue(host.output().contains("Lucent stopped."), host.output());
        assertTrue(Files.isDirectory(host.data), "data folder created");
    }
}
