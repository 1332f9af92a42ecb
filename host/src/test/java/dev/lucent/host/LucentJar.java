package dev.lucent.host;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the packaged {@code lucent.jar} as a user would: a separate JVM process. */
final class LucentJar {

    static Path jar() {
        String p = System.getProperty("lucent.jar", "target/lucent.jar");
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("packaged jar not found at " + jar.toAbsolutePath());
        return jar;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static ProcessBuilder command(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile());
    }

    /** Runs to completion (bounded) and returns exit code, stdout and stderr. */
    record Result(int exitCode, String out, String err) {
    }

    static Result run(Path workDir, Duration limit, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = command(workDir, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lucent " + String.join(" ", args) + " still running after " + limit);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** GET a URL; returns status and body (body empty on errors). */
    record Response(int status, String body, java.util.Map<String, List<String>> headers) {
    }

    static Response get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(2000);
        c.setReadTimeout(10000);
        try {
            int status = c.getResponseCode();
            var in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body, c.getHeaderFields());
        } finally {
            c.disconnect();
        }
    }

    /** Polls until the URL answers 200 or the time is up. */
    static boolean awaitOk(String url, Duration limit, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive()) return false;
            try {
                if (get(url).status() == 200) return true;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    private LucentJar() {
    }
}
