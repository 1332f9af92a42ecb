package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's security, tested against the packaged host over a real socket: no page without a session,
 * CSRF tokens, upload limits and names, headers, the printed first password, roles, rate limiting.
 */
class ConsoleSecurityIT {

    /** Small enough to exceed quickly in a test. */
    static final long MAX_UPLOAD = 256 * 1024;

    static LucentProcess lucent;

    @BeforeAll
    static void start() throws Exception {
        lucent = LucentProcess.start("lucent.upload.maxBytes=" + MAX_UPLOAD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lucent != null) lucent.close();
    }

    static WebClient admin() throws Exception {
        return lucent.signIn();
    }

    static final List<String> PAGES = List.of("/", "/models", "/models/" + UUID.randomUUID(), "/datasets",
            "/datasets/" + UUID.randomUUID(), "/audits/new", "/reports", "/reports/1", "/journal", "/plugins",
            "/settings", "/settings/users", "/no/such/page", "/static", "/healthz", "/login/../reports", "/demo", "/audits",
            "/jobs/" + UUID.randomUUID(), "/report.css", "/reports/r1/export.html", "/reports/r1/stored", "/journal/verify");

    @Test
    void everyPageButLoginAndHealthNeedsASession() throws Exception {
        WebClient anonymous = new WebClient(lucent);
        for (String page : PAGES) {
            HttpResponse<String> r = anonymous.get(page);
            assertTrue(List.of(302, 303, 401, 403).contains(r.statusCode()), page + " answered " + r.statusCode());
            if (r.statusCode() == 303) assertEquals("/login", r.headers().firstValue("location").orElse(""), page);
            assertFalse(r.body().contains("Sign out"), page + " showed a signed-in page");
        }
        for (String api : List.of("/api/jobs/" + UUID.randomUUID(), "/api/jobs/x/cancel", "/api/anything"))
            assertEquals(401, anonymous.get(api).statusCode(), api);
        for (String page : PAGES)
            assertTrue(List.of(401, 403).contains(anonymous.postForm(page, Map.of("a", "b")).statusCode()), "POST " + page);
        assertEquals(200, anonymous.get("/login").statusCode());
        assertEquals(200, anonymous.get("/health").statusCode());
        assertEquals(200, anonymous.get("/static/lucent.css").statusCode());
    }

    @Test
    void encodedDotSegmentsDoNotPassAsStaticFiles() throws Exception {
        for (String raw : List.of("/static/..%2Freports", "/static/%2e%2e/reports", "/static/../reports", "/health/../reports")) {
            String status = rawRequest("GET " + raw + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").split("\r\n")[0];
            assertFalse(status.contains(" 200 "), raw + " answered " + status);
        }
    }

    @Test
    void loginWorksWithThePrintedPasswordOnlyAndSetsAStrictCookie() throws Exception {
        assertEquals(1, lucent.outputLines().stream().filter(l -> l.contains("password")).count(),
                "the password is printed on one line, once");
        WebClient wrong = new WebClient(lucent);
        assertEquals(401, wrong.login("admin", lucent.adminPassword() + "x"));
        assertEquals(303, wrong.get("/").statusCode(), "a failed login gives no session");

        WebClient c = new WebClient(lucent);
        c.get("/login");
        String before = c.session;
        HttpResponse<String> r = c.postFormWithToken("/login", Map.of("username", "admin", "password", lucent.adminPassword()));
        assertEquals(303, r.statusCode());
        String cookie = r.headers().allValues("set-cookie").stream().filter(s -> s.startsWith("lucent_session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);
        assertFalse(c.session.equals(before), "logging in starts a new session id");
        HttpResponse<String> dash = c.get("/");
        assertEquals(200, dash.statusCode());
        assertTrue(dash.body().contains("Sign out"));

        // the stored users file holds a PBKDF2 hash with >= 210,000 iterations, never the password
        String users = Files.readString(lucent.data.resolve("console/users"));
        assertFalse(users.contains(lucent.adminPassword()));
        Matcher m = Pattern.compile("(?m)^admin\tadmin\t(\\d+)\t").matcher(users);
        assertTrue(m.find(), users);
        assertTrue(Integer.parseInt(m.group(1)) >= 210_000);

        // signing out ends the session on the server
        String old = c.session;
        assertEquals(303, c.postFormWithToken("/logout", Map.of()).statusCode());
        c.session = old;
        assertEquals(303, c.get("/").statusCode(), "the old session id no longer works");
    }

    @Test
    void loginWithoutTheFormTokenIsRefused() throws Exception {
        WebClient c = new WebClient(lucent);
        c.get("/login");
        assertEquals(403, c.postForm("/login", Map.of("username", "admin", "password", lucent.adminPassword())).statusCode());
        assertEquals(403, c.postForm("/login", Map.of("username", "admin", "password", lucent.adminPassword(), "_csrf", "forged")).statusCode());
        assertEquals(303, c.get("/").statusCode());
    }

    @Test
    void postWithoutCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        WebClient c = admin();
        c.get("/settings/users");
        String token = c.csrf;
        assertEquals(403, c.postForm("/settings/users", Map.of("username", "nocsrf", "role", "viewer")).statusCode());
        assertEquals(403, c.postForm("/settings/users", Map.of("username", "nocsrf", "role", "viewer", "_csrf", token + "x")).statusCode());
        assertEquals(403, c.send(c.request("/settings/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
        assertFalse(c.get("/settings/users").body().contains("nocsrf"));
        // a token from another session does not count
        WebClient other = admin();
        other.get("/settings/users");
        assertEquals(403, c.postForm("/settings/users", Map.of("username", "nocsrf", "role", "viewer", "_csrf", other.csrf)).statusCode());
        // the positive control: the right token in the form, or in the header
        assertEquals(200, c.postFormWithToken("/settings/users", Map.of("username", "withcsrf", "role", "viewer")).statusCode());
        assertTrue(c.get("/settings/users").body().contains("withcsrf"));
    }

    @Test
    void headersOnEveryResponse() throws Exception {
        WebClient c = admin();
        WebClient anonymous = new WebClient(lucent);
        for (HttpResponse<String> r : List.of(anonymous.get("/login"), anonymous.get("/health"), anonymous.get("/reports"),
                anonymous.get("/static/lucent.css"), c.get("/"), c.get("/no/such/page"), c.get("/datasets"))) {
            String csp = r.headers().firstValue("content-security-policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
                    r.uri() + ": " + csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""), r.uri().toString());
            assertEquals("no-referrer", r.headers().firstValue("referrer-policy").orElse(""), r.uri().toString());
        }
        // and no page carries an inline script or event handler
        for (String page : List.of("/", "/models", "/datasets", "/settings", "/settings/users")) {
            String body = c.get(page).body();
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)", Pattern.CASE_INSENSITIVE).matcher(body).find(), page);
            assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(body).find(), page);
        }
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void oversizedUploadGets413AndLeavesNothingOnDisk() throws Exception {
        WebClient c = admin();
        c.get("/datasets");
        Path uploads = lucent.data.resolve("uploads");
        List<Path> before = filesUnder(uploads);

        // declared too long: refused before a byte of the body is read
        String head = "POST /datasets/upload?_csrf=" + c.csrf + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: lucent_session=" + c.session
                + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + (10L * 1024 * 1024 * 1024) + "\r\n\r\n";
        String answer = rawRequest(head);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);

        // no length declared (chunked) and longer than the limit: stopped by the counting stream
        String chunkedHead = "POST /datasets/upload?_csrf=" + c.csrf + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: lucent_session=" + c.session
                + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] part = WebClient.multipart("xyz", "big.csv", csv((int) MAX_UPLOAD * 2));
        String chunked = rawChunked(chunkedHead, part);
        assertTrue(chunked.startsWith("HTTP/1.1 413"), chunked);

        // a Content-Length that lies low does not help either: the body is cut at the declared length
        assertEquals(before, filesUnder(uploads), "nothing was written by the refused uploads");

        // the positive control: within the limit it is stored
        HttpResponse<String> ok = c.upload("/datasets/upload", "small.csv", csv(1000));
        assertEquals(303, ok.statusCode(), ok.body());
        assertEquals(before.size() + 2, filesUnder(uploads).size(), "the file and its metadata");
    }

    static byte[] csv(int bytes) {
        StringBuilder b = new StringBuilder("a,b,label\n");
        int i = 0;
        while (b.length() < bytes) b.append(i % 97).append(',').append(i++ % 13).append(',').append(i % 2).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPathInAnUploadNameStaysInsideTheDataFolder() throws Exception {
        WebClient c = admin();
        c.get("/datasets");
        Path outside = lucent.home.resolve("escaped.csv");
        for (String name : List.of("../../escaped.csv", "..\\..\\escaped.csv", outside.toString(), "uploads/../../../escaped.csv",
                "escaped.csv\u0000.csv")) {
            HttpResponse<String> r = c.upload("/datasets/upload", name, csv(200));
            assertEquals(303, r.statusCode(), name + ": " + r.body());
            String location = r.headers().firstValue("location").orElseThrow();
            assertTrue(location.matches("/datasets/[0-9a-f-]{36}"), location);
            HttpResponse<String> page = c.get(location);
            assertTrue(page.body().contains("escaped.csv"), "the name is shown as text");
        }
        try (Stream<Path> s = Files.walk(lucent.home)) {
            List<Path> named = s.filter(p -> p.getFileName().toString().contains("escaped")).toList();
            assertEquals(List.of(), named, "no file took its name from the upload");
        }
        for (Path f : filesUnder(lucent.data.resolve("uploads/datasets")))
            assertTrue(f.getFileName().toString().matches("[0-9a-f-]{36}\\.(csv|properties)"), f.toString());
        for (Path f : filesUnder(lucent.data.resolve("uploads")))
            assertTrue(f.toAbsolutePath().normalize().startsWith(lucent.data.toAbsolutePath().normalize()), f.toString());
    }

    @Test
    void viewersReadButCannotChangeAnything() throws Exception {
        WebClient admin = admin();
        admin.get("/settings/users");
        HttpResponse<String> created = admin.postFormWithToken("/settings/users", Map.of("username", "vera", "role", "viewer"));
        Matcher m = Pattern.compile("id=\"new-password\">([^<]+)<").matcher(created.body());
        assertTrue(m.find(), created.body());
        WebClient viewer = new WebClient(lucent);
        assertEquals(303, viewer.login("vera", m.group(1)));
        assertEquals(200, viewer.get("/datasets").statusCode());
        assertEquals(403, viewer.get("/settings/users").statusCode());
        assertEquals(403, viewer.postFormWithToken("/settings/users", Map.of("username", "x", "role", "admin")).statusCode());
        assertEquals(403, viewer.upload("/datasets/upload", "v.csv", csv(100)).statusCode());
    }

    @Test
    void repeatedFailuresAreThrottledEvenWithTheRightPassword() throws Exception {
        WebClient admin = admin();
        admin.get("/settings/users");
        HttpResponse<String> created = admin.postFormWithToken("/settings/users", Map.of("username", "target", "role", "auditor"));
        Matcher m = Pattern.compile("id=\"new-password\">([^<]+)<").matcher(created.body());
        assertTrue(m.find());
        WebClient guesser = new WebClient(lucent);
        for (int i = 0; i < 5; i++) assertEquals(401, guesser.login("target", "guess" + i));
        HttpResponse<String> r;
        guesser.get("/login");
        r = guesser.postFormWithToken("/login", Map.of("username", "target", "password", m.group(1)));
        assertEquals(429, r.statusCode(), "the sixth attempt waits, right password or not");
        assertTrue(r.headers().firstValue("retry-after").isPresent());
        assertEquals(303, guesser.get("/").statusCode());
    }

    /** Sends raw bytes and returns what came back (a response to a refused body may end the connection early). */
    String rawRequest(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", lucent.port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readHead(s.getInputStream());
        }
    }

    String rawChunked(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", lucent.port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                for (int off = 0; off < body.length; off += 8192) {
                    int n = Math.min(8192, body.length - off);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, off, n);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered and closed before the whole body was sent: read its answer
            }
            return readHead(s.getInputStream());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                b.write(buf, 0, n);
                if (b.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) break;
            }
        } catch (IOException reset) {
            // keep what arrived
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
