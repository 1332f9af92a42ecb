package dev.lucent.host.it;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The one way host tests run the packaged {@code lucent.jar} (system property {@code lucent.jar}, set by failsafe):
 * as a user would, a separate JVM process.
 *
 * <ul>
 * <li>Commands that run to completion (CLI, bad options): {@link #run} and {@link #command}.</li>
 * <li>A serving host: {@link #start(String...)} or {@link #options()}: a fresh home holding {@code data/},
 * {@code plugins/}, {@code staging/} (where {@link #drop} writes before moving a jar in) and {@code tmp/}, which is
 * the JVM's temporary folder, so a test sees anything written there; a free port; the output read on a thread of
 * its own, with the first-start admin password; {@code /health} awaited.</li>
 * <li>For plugin tests: an admin session ({@link #admin()}), {@code /api/plugins}, the plugins page, jars dropped
 * atomically, and {@link #await} on observable state, failing with what the host printed.</li>
 * </ul>
 */
public final class LucentProcess implements AutoCloseable {

    private static final Pattern PASSWORD = Pattern.compile("sign in as 'admin' with password (\\S+)");
    /** The folders a serving host's home holds; the host is to write nowhere else. */
    public static final List<String> HOME_FOLDERS = List.of("data", "plugins", "staging", "tmp");

    public final Path home;
    public final Path data;
    public final Path plugins;
    public final Path staging;
    /** The host JVM's {@code java.io.tmpdir}. */
    public final Path tmp;
    public final int port;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private volatile String adminPassword;
    private WebClient admin;
    private Thread reader;

    private LucentProcess(Path home, int port, Process process) {
        this.home = home;
        this.data = home.resolve("data");
        this.plugins = home.resolve("plugins");
        this.staging = home.resolve("staging");
        this.tmp = home.resolve("tmp");
        this.port = port;
        this.process = process;
    }

    // ---------------------------------------------------------------------------------------------------------
    // the packaged jar

    public static Path jar() {
        Path p = Path.of(System.getProperty("lucent.jar", "target/lucent.jar"));
        if (!Files.isRegularFile(p))
            throw new IllegalStateException("no packaged jar at " + p.toAbsolutePath() + " (run through failsafe: mvn verify)");
        return p.toAbsolutePath();
    }

    /** The example plugin's jar, built earlier in the reactor. */
    public static Path lime() {
        Path p = Path.of(System.getProperty("lucent.plugin.lime", "missing"));
        if (!Files.isRegularFile(p)) throw new IllegalStateException("no example plugin jar at " + p + " (build the reactor: mvn verify)");
        return p;
    }

    /** A bad-plugin fixture's jar (throwing, hanging, hungry), built earlier in the reactor. */
    public static Path fixture(String name) {
        Path dir = Path.of(System.getProperty("lucent.plugin.fixtures", "missing"), name, "target");
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lucent-plugin-tests-" + name) && p.toString().endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no fixture jar in " + dir));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no fixture jar in " + dir + " (build the reactor)", e);
        }
    }


    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar lucent.jar ARGS} in a working directory, not started. */
    public static ProcessBuilder command(Path workDir, String... args) {
        return command(workDir, List.of(), args);
    }

    /** {@code java JVM-OPTIONS -jar lucent.jar ARGS} in a working directory, not started. */
    public static ProcessBuilder command(Path workDir, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile());
    }

    /** What a command that ran to completion left. */
    public record Result(int exitCode, String out, String err) {
    }

    /** Runs to completion (killed and failed after {@code limit}); stdout and stderr go to files in {@code workDir}. */
    public static Result run(Path workDir, Duration limit, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        return run(command(workDir, args), out, err, limit, args);
    }

    /** The ids {@code lucent explainers} lists for the data folder {@code data}. */
    public static java.util.Set<String> installedExplainers(Path workDir, Duration limit, Path data) throws IOException, InterruptedException {
        Result list = run(workDir, limit, "--data", data.toString(), "explainers");
        if (list.exitCode() != 0) throw new IllegalStateException("explainers exited " + list.exitCode() + ": " + list.err());
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String line : list.out().split("\n"))
            if (!line.startsWith("ID ") && !line.isBlank()) ids.add(line.split("\\s+")[0]);
        return ids;
    }

    /** Runs with JVM options to completion; stdout and stderr go to files under {@code workDir/logs}. */
    public static Result run(Path workDir, Duration limit, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        Path out = Files.createTempFile(logs, "out", ".txt");
        Path err = Files.createTempFile(logs, "err", ".txt");
        return run(command(workDir, jvmOptions, args), out, err, limit, args);
    }

    private static Result run(ProcessBuilder pb, Path out, Path err, Duration limit, String... args) throws IOException, InterruptedException {
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lucent " + String.join(" ", args) + " still running after " + limit);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Status, body (empty when there is none) and headers of a plain GET. */
    public record Response(int status, String body, Map<String, List<String>> headers) {
    }

    /** A GET without session or redirects. */
    public static Response fetch(String url) throws IOException {
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

    /** Polls until the URL answers 200 (true), the process ended or the time is up (false). */
    public static boolean awaitOk(String url, Duration limit, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive()) return false;
            try {
                if (fetch(url).status() == 200) return true;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // a serving host

    /** How to start a serving host. */
    public static final class Options {
        private final List<String> jvm = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String heap = "768m";
        private LucentProcess previous;
        private DataFolder dataFolder;

        private Options() {
        }

        /** Starts on the home (data, plugins) of an earlier, stopped or killed host; its admin password carries over. */
        public Options homeOf(LucentProcess earlier) {
            previous = earlier;
            return this;
        }

        /** Fills the data folder before the host first starts on it (e.g. with a journal written beforehand). */
        public Options dataFolder(DataFolder fill) {
            dataFolder = fill;
            return this;
        }

        /** A system property of the host JVM, as {@code name=value}. */
        public Options property(String nameEqualsValue) {
            jvm.add("-D" + nameEqualsValue);
            return this;
        }

        public Options heap(String xmx) {
            heap = xmx;
            return this;
        }

        /** Options after the standard {@code --port --data --plugins}, e.g. {@code --trusted-keys FILE}. */
        public Options args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public LucentProcess start() throws IOException, InterruptedException {
            Path home = previous != null ? previous.home : Files.createTempDirectory("lucent-it-");
            for (String d : HOME_FOLDERS) if (!d.equals("data")) Files.createDirectories(home.resolve(d));
            if (dataFolder != null) {
                Files.createDirectories(home.resolve("data"));
                try {
                    dataFolder.fill(home.resolve("data"));
                } catch (Exception e) {
                    throw new IOException("cannot prepare the data folder: " + e, e);
                }
            }
            int port = freePort();
            // -XX:-UsePerfData: the JVM would otherwise keep a file in /tmp/hsperfdata_USER, outside every folder
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-XX:-UsePerfData",
                    "-Djava.io.tmpdir=" + home.resolve("tmp")));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", jar().toString(), "--port", Integer.toString(port),
                    "--data", home.resolve("data").toString(), "--plugins", home.resolve("plugins").toString()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
            LucentProcess lucent = new LucentProcess(home, port, p);
            if (previous != null) lucent.adminPassword = previous.adminPassword;
            lucent.reader = new Thread(lucent::pump, "lucent-output-" + port);
            lucent.reader.setDaemon(true);
            lucent.reader.start();
            try {
                lucent.await("/health answering", () -> lucent.health().contains("\"status\":\"UP\""), Duration.ofSeconds(90));
            } catch (AssertionError e) {
                lucent.close();
                throw new IOException(e.getMessage(), e);
            }
            return lucent;
        }
    }

    /** What a test puts in the data folder before the host starts. */
    public interface DataFolder {
        void fill(Path data) throws Exception;
    }

    public static Options options() {
        return new Options();
    }

    /** Starts the host with extra JVM system properties ({@code name=value}) and waits for /health. */
    public static LucentProcess start(String... jvmProperties) throws IOException, InterruptedException {
        Options o = options();
        for (String p : jvmProperties) o.property(p);
        return o.start();
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

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The host's process (its workers are its descendants). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The password printed once on first start (waits briefly: stdout is read by another thread). */
    public String adminPassword() throws InterruptedException {
        for (int i = 0; i < 100 && adminPassword == null; i++) Thread.sleep(50);
        if (adminPassword == null) throw new IllegalStateException("no first-start password line in the output: " + output());
        return adminPassword;
    }

    public List<String> outputLines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    public String output() {
        return String.join("\n", outputLines());
    }

    /** A session signed in as the first administrator (made once, then shared). */
    synchronized WebClient admin() throws IOException, InterruptedException {
        if (admin == null) admin = signIn();
        return admin;
    }

    /** A new session of its own, signed in as the first administrator with the printed password. */
    public WebClient signIn() throws IOException, InterruptedException {
        WebClient c = new WebClient(this);
        int status = c.login("admin", adminPassword());
        if (status != 303) throw new IllegalStateException("admin login with the printed password answered " + status);
        return c;
    }

    /** /health's body, or "" while it does not answer 200. */
    public String health() {
        try {
            Response r = fetch(url("/health"));
            return r.status() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** /health as a signed-in user sees it: with the versions of Lucent, the framework, explainers and bundles. */
    public String inventory() throws IOException, InterruptedException {
        return adminGet("/health");
    }

    /** A page or API as the admin sees it; fails on any status but 200. */
    String adminGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = admin().get(path);
        if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode());
        return r.body();
    }

    /** /api/plugins as the admin sees it. */
    String pluginsJson() throws IOException, InterruptedException {
        return adminGet("/api/plugins");
    }

    /** The plugins page's HTML. */
    String pluginsPage() throws IOException, InterruptedException {
        return adminGet("/plugins");
    }

    /** Status, version and reason of one file on /api/plugins, or null while it is not listed. */
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
        Path part = Files.createTempFile(staging, "drop", ".part");
        Files.write(part, jar);
        return Files.move(part, plugins.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A condition on observable state. */
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Waits for a condition, failing with its name, the last error and the host's output. */
    public void await(String what, Check check, Duration timeout) throws InterruptedException {
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
        try (Stream<Path> s = Files.walk(root)) {
            return s.anyMatch(match);
        }
    }

    /** Regular files under a folder, relative to it (none when it does not exist). */
    static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** What the host made beside its folders: the home's entries that are not {@link #HOME_FOLDERS}. */
    List<String> strayEntries() throws IOException {
        try (Stream<Path> s = Files.list(home)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !HOME_FOLDERS.contains(n)).sorted().toList();
        }
    }

    /** SIGTERM, then waits for the exit and the last of its output; returns the exit code (killed and -1 after 20 s). */
    public int stop() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close the pipe and lose the last lines
        process.toHandle().destroy();
        int code = -1;
        if (process.waitFor(20, TimeUnit.SECONDS)) code = process.exitValue();
        else process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (reader != null) reader.join(5000);
        return code;
    }

    /** SIGKILL, as a crash or {@code kill -9} would end the host: no shutdown code runs. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        if (reader != null) reader.join(5000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
