package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options give one clear line on stderr and a non-zero exit, never a stack trace. */
class HostOptionsIT {

    @TempDir
    Path dir;

    private static void assertOneClearLine(LucentProcess.Result r, String expected) {
        assertNotEquals(0, r.exitCode(), "exit code");
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), () -> "want one line, got:\n" + r.err());
        assertTrue(err.startsWith("lucent: "), err);
        assertTrue(err.contains(expected), () -> "want '" + expected + "' in: " + err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();
            LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--port", Integer.toString(port),
                    "--data", "d", "--plugins", "p");
            assertOneClearLine(r, "port " + port + " is already in use");
        }
    }

    @Test
    void unknownOption() throws Exception {
        LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--frobnicate");
        assertOneClearLine(r, "unknown option '--frobnicate'");
        assertEquals(2, r.exitCode());
    }

    @Test
    void maxModelMbOverTheHeapOrNotANumber() throws Exception {
        LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--max-model-mb", "100000000", "--data", "d");
        assertOneClearLine(r, "--max-model-mb 100000000 is more than this JVM's maximum heap of ");
        assertEquals(2, r.exitCode());
        r = LucentProcess.run(dir, Duration.ofSeconds(60), "explainers", "--max-model-mb", "lots");
        assertOneClearLine(r, "--max-model-mb needs a whole number of MiB, got 'lots'");
        assertEquals(2, r.exitCode());
    }

    @Test
    void portNotANumber() throws Exception {
        LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--port", "eighty");
        assertOneClearLine(r, "--port needs a number");
    }

    @Test
    void unwritableDataFolder() throws Exception {
        // A folder below a regular file cannot be created, not even by root (CI runs as root).
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--port", Integer.toString(LucentProcess.freePort()),
                "--data", file.resolve("data").toString());
        assertOneClearLine(r, "cannot write to --data");
    }

    @Test
    void unreadableTrustedKeys() throws Exception {
        LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--port", Integer.toString(LucentProcess.freePort()),
                "--data", "d", "--plugins", "p", "--trusted-keys", dir.resolve("no-such-keys.pem").toString());
        assertOneClearLine(r, "cannot read --trusted-keys");
    }

    @Test
    void helpPrintsUsage() throws Exception {
        LucentProcess.Result r = LucentProcess.run(dir, Duration.ofSeconds(60), "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("--port N") && r.out().contains("--data DIR") && r.out().contains("--plugins DIR")
                && r.out().contains("--trusted-keys FILE"), r.out());
    }
}
