package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 point 2: one serving host per data folder. A second host on the same folder (on another port) is
 * refused at start with one line and exit 2; a headless command beside the running host still works.
 */
class OneHostPerDataFolderIT {

    @Test
    void aSecondHostOnTheSameDataFolderIsRefusedWithOneLine() throws Exception {
        LucentProcess host = LucentProcess.start();
        try {
            LucentProcess.Result second = LucentProcess.run(host.home, Duration.ofMinutes(2),
                    "--port", Integer.toString(LucentProcess.freePort()), "--data", host.data.toString(),
                    "--plugins", host.plugins.toString());
            assertEquals(2, second.exitCode(), () -> "exit code; stderr: " + second.err());
            String err = second.err().strip();
            assertEquals(1, err.lines().count(), () -> "one line: " + err);
            assertTrue(err.startsWith("lucent: the data folder ") && err.contains("already served by another Lucent host")
                    && err.contains("process " + host.handle().pid()), err);
            assertTrue(host.handle().isAlive(), "the first host keeps running");
            assertEquals(200, LucentProcess.fetch(host.url("/health")).status());

            // the README's setup: a headless command beside the running host
            LucentProcess.Result verify = LucentProcess.run(host.home, Duration.ofMinutes(2), "verify", "--data", host.data.toString());
            assertEquals(0, verify.exitCode(), () -> verify.out() + verify.err());
        } finally {
            host.stop();
        }
    }
}
