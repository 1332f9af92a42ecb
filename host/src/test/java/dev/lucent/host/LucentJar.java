package dev.lucent.host;

import dev.lucent.host.it.LucentProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The old entry points, kept for tests written against them.
 *
 * @deprecated use {@link LucentProcess}, the one helper that runs the packaged jar.
 */
@Deprecated
final class LucentJar {

    static Path jar() {
        return LucentProcess.jar();
    }

    static int freePort() throws IOException {
        return LucentProcess.freePort();
    }

    static ProcessBuilder command(Path workDir, String... args) {
        return LucentProcess.command(workDir, args);
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(Path workDir, Duration limit, String... args) throws IOException, InterruptedException {
        LucentProcess.Result r = LucentProcess.run(workDir, limit, args);
        return new Result(r.exitCode(), r.out(), r.err());
    }

    record Response(int status, String body, Map<String, List<String>> headers) {
    }

    static Response get(String url) throws IOException {
        LucentProcess.Response r = LucentProcess.fetch(url);
        return new Response(r.status(), r.body(), r.headers());
    }

    static boolean awaitOk(String url, Duration limit, Process p) throws InterruptedException {
        return LucentProcess.awaitOk(url, limit, p);
    }

    private LucentJar() {
    }
}
