package dev.lucent.host.it;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The packaged host run as a process for the plugin tests: its own home with {@code data/}, {@code plugins/} and
 * {@code tmp/} (the JVM's temporary folder, so that anything written there is seen), extra command line options,
 * a signed-in admin session for {@code /api/plugins}, and helpers to drop jars into the folder atomically.
 */
final class PluginHost implements AutoCloseable {

    private static final Pattern PASSWORD = Pattern.compile("sign in as 'admin' with password (\\S+)");
    private static final Pattern COOKIE = Pattern.compile("lucent_session=([^;]*)");
    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    final Path home;
    final Path plugins;
    final Path staging;
    final int port;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String password;
    private String session;

    private PluginHost(Path home, int port, Process process) {
        this.home = home;
        this.plugins = home.resolve("plugins");
        this.staging = home.resolve("staging");
        this.port = port;
        this.process = process;
    }

    static Path lime() {
        Path p = Path.of(System.getProperty("lucent.plugin.lime", "missing"));
        if (!Files.isRegularFile(p)) throw new IllegalStateException("no example plugin jar at " + p + " (build the reactor: mvn verify)");
        return p;
    }

    static PluginHost start(String... options) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("lucent-plugins-it-");
        for (String d : List.of("plugins", "tmp", "staging")) Files.createDirectories(home.resolve(d));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + home.resolve("tmp"), "-jar", LucentProcess.jar().toString(),
                "--port", Integer.toString(port), "--data", home.resolve("data").toString(),
                "--plugins", home.resolve("plugins").toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        PluginHost host = new PluginHost(home, port, p);
        Thread pump = new Thread(host::pump, "plugin-host-" + port);
        pump.setDaemon(true);
        pump.start();
        host.await("/health answering", () -> host.health().contains("\"status\":\"UP\""), Duration.ofSeconds(90));
        host.login();
        return host;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = PASSWORD.matcher(line);
                if (m.find()) password = m.group(1);
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        if (session != null) b.header("Cookie", "lucent_session=" + session);
        return send(b.GET().build());
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        resp.headers().allValues("set-cookie").forEach(c -> {
            Matcher m = COOKIE.matcher(c);
            if (m.find()) session = m.group(1).isEmpty() ? null : m.group(1);
        });
        return resp;
    }

    /** /health's body, or "" while it does not answer 200. */
    String health() {
        try {
            HttpResponse<String> r = get("/health");
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void login() throws IOException, InterruptedException {
        for (int i = 0; i < 100 && password == null; i++) Thread.sleep(50);
        if (password == null) throw new IllegalStateException("no first-start password printed: " + output());
        HttpResponse<String> page = get("/login");
        Matcher t = TOKEN.matcher(page.body());
        if (!t.find()) throw new IllegalStateException("no CSRF token on the login page");
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(t.group(1), StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) b.header("Cookie", "lucent_session=" + session);
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != 303) throw new IllegalStateException("admin login answered " + r.statusCode());
    }

    /** /api/plugins as the admin sees it. */
    String pluginsJson() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/plugins");
        if (r.statusCode() != 200) throw new IllegalStateException("/api/plugins answered " + r.statusCode());
        return r.body();
    }

    /** The plugins page's HTML. */
    String pluginsPage() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/plugins");
        if (r.statusCode() != 200) throw new IllegalStateException("/plugins answered " + r.statusCode());
        return r.body();
    }

    /** Status and reason of one file on /api/plugins, or null while it is not listed. */
    String[] plugin(String file) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\\{\"file\":\"" + Pattern.quote(file) + "\",\"status\":\"([a-z_]+)\",\"symbolicName\":(?:null|\"[^\"]*\"),"
                + "\"version\":(?:null|\"([^\"]*)\"),\"reason\":(?:null|\"((?:[^\"\\\\]|\\\\.)*)\")").matcher(pluginsJson());
        if (!m.find()) return null;
        return new String[] {m.group(1), m.group(2), m.group(3) == null ? null : unescape(m.group(3))};
    }

    static String unescape(String json) {
        Matcher u = Pattern.compile("\\\\u([0-9a-fA-F]{4})|\\\\(.)").matcher(json);
        StringBuilder b = new StringBuilder();
        while (u.find()) {
            String r = u.group(1) != null ? String.valueOf((char) Integer.parseInt(u.group(1), 16)) : u.group(2);
            u.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        return u.appendTail(b).toString();
    }

    /** Writes beside the folder, then moves in, so the watcher never sees half a jar. */
    Path drop(String name, byte[] jar) throws IOException {
        Path tmp = Files.createTempFile(staging, "drop", ".part");
        Files.write(tmp, jar);
        return Files.move(tmp, plugins.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Waits for a condition, failing with its name and the host's output. */
    void await(String what, Check check, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) return;
            } catch (Exception e) {
                last = e;
            }
            if (!process.isAlive()) throw new AssertionError("the host exited while waiting for " + what + ":\n" + output());
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + (last == null ? "" : " (last error " + last + ")")
                + "\n--- host output ---\n" + output());
    }

    /** A copy of a jar whose manifest says another Bundle-Version. */
    static byte[] withVersion(Path jar, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar)); ZipOutputStream z = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                z.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    Manifest m = new Manifest(in);
                    m.getMainAttributes().putValue("Bundle-Version", version);
                    m.write(z);
                } else {
                    in.transferTo(z);
                }
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static boolean anyFile(Path root, Predicate<Path> match) throws IOException {
        try (var s = Files.walk(root)) {
            return s.anyMatch(match);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
