package dev.lucent.host.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code lucent.jar} (system property {@code lucent.jar}, set by failsafe) run as a separate
 * process on a free port with fresh data and plugins folders, the way a user runs it.
 */
final class LucentProcess implements AutoCloseable {

    private static final Pattern PASSWORD = Pattern.compile("sign in as 'admin' with password (\\S+)");

    final Path home;
    final Path data;
    final Path plugins;
    final int port;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private volatile String adminPassword;

    private LucentProcess(Path home, int port, Process process) {
        this.home = home;
        this.data = home.resolve("data");
        this.plugins = home.resolve("plugins");
        this.port = port;
        this.process = process;
    }

    static Path jar() {
        String j = System.getProperty("lucent.jar");
        if (j == null) throw new IllegalStateException("system property lucent.jar is not set (run through failsafe: mvn verify)");
        Path p = Path.of(j);
        if (!Files.isRegularFile(p)) throw new IllegalStateException("no packaged jar at " + p);
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the host with extra JVM system properties and waits for /health (60 s at most). */
    static LucentProcess start(String... jvmProperties) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("lucent-it-");
        Files.createDirectories(home.resolve("plugins"));
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        for (String p : jvmProperties) cmd.add("-D" + p);
        cmd.addAll(List.of("-jar", jar().toString(), "--port", Integer.toString(port),
                "--data", home.resolve("data").toString(), "--plugins", home.resolve("plugins").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        LucentProcess lucent = new LucentProcess(home, port, p);
        Thread reader = new Thread(lucent::pump, "lucent-output-" + port);
        reader.setDaemon(true);
        reader.start();
        lucent.awaitHealthy(Duration.ofSeconds(60));
        return lucent;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = PASSWORD.matcher(line);
                if (m.find()) adminPassword = m.group(1);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("lucent exited with " + process.exitValue() + ": " + output());
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url("/health")).toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    c.disconnect();
                    return;
                }
            } catch (IOException notYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new IOException("no /health within " + timeout + ": " + output());
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The password printed once on first start (waits briefly: stdout is read by another thread). */
    String adminPassword() throws InterruptedException {
        for (int i = 0; i < 100 && adminPassword == null; i++) Thread.sleep(50);
        if (adminPassword == null) throw new IllegalStateException("no first-start password line in the output: " + output());
        return adminPassword;
    }

    List<String> outputLines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    String output() {
        return String.join("\n", outputLines());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
