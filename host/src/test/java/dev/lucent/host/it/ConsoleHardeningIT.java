package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile visitor or a careless local process must not do to the packaged console, over a real socket:
 * hold every thread with slow request bodies, fill the log with broken-off requests, lock users out for good;
 * and the admin's tools to undo a lockout and manage users; long upload names.
 */
class ConsoleHardeningIT {

    static LucentProcess lucent;

    @BeforeAll
    static void start() throws Exception {
        lucent = LucentProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lucent != null) lucent.close();
    }

    /** A pre-login session and its CSRF token, as the login page hands them to anyone. */
    record PreLogin(String cookie, String csrf) {
        static PreLogin fetch() throws Exception {
            WebClient c = new WebClient(lucent);
            c.get("/login");
            return new PreLogin(c.session, c.csrf);
        }
    }

    /** Opens a connection and sends a login POST's head and its first body byte; the rest is to come slowly. */
    static Socket slowLogin(PreLogin p) throws IOException {
        Socket s = new Socket("127.0.0.1", lucent.port);
        s.setSoTimeout(1000);
        String body = "_csrf=" + p.csrf() + "&username=admin&password=" + "x".repeat(40);
        String head = "POST /login HTTP/1.1\r\nHost: 127.0.0.1:" + lucent.port + "\r\nCookie: lucent_session=" + p.cookie()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body.charAt(0));
        out.flush();
        return s;
    }

    @Test
    void slowLoginBodiesDoNotStopHealthOrSignedInPages() throws Exception {
        WebClient admin = lucent.signIn();
        List<PreLogin> cookies = new ArrayList<>();
        for (int i = 0; i < 210; i++) cookies.add(PreLogin.fetch());
        List<Socket> slow = new ArrayList<>();
        try {
            for (PreLogin p : cookies) slow.add(slowLogin(p));
            // 12 rounds: one more body byte on every open connection, then /health and a signed-in page must answer
            // within a few seconds (the probes' own time limits); the loop ends by itself
            for (int round = 0; round < 12; round++) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write('x');
                        s.getOutputStream().flush();
                    } catch (IOException closedByTheConsole) {
                        // refused or timed out: what should happen to a drip
                    }
                }
                LucentProcess.Response health = LucentProcess.fetch(lucent.url("/health"));
                assertEquals(200, health.status(), "round " + round + ": /health");
                HttpResponse<String> page = admin.send(admin.request("/settings").timeout(java.time.Duration.ofSeconds(5)).GET().build());
                assertEquals(200, page.statusCode(), "round " + round + ": a signed-in page");
                Thread.sleep(1500);
            }
        } finally {
            for (Socket s : slow) s.close();
        }
        // a real sign-in works again once the drips are gone
        assertEquals(303, new WebClient(lucent).login("admin", lucent.adminPassword()));
    }

    @Test
    void aLoginBodyThatNeverComesIsRefusedWithinSecondsNotAtTheIdleTimeout() throws Exception {
        try (Socket s = slowLogin(PreLogin.fetch())) {
            s.setSoTimeout(30_000); // the connector's idle timeout is 60 s
            byte[] answer = s.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 408", new String(answer, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aBrokenOffLoginIsOneLineInTheLog() throws Exception {
        int before = lucent.outputLines().size();
        int bytesBefore = lucent.output().length();
        int aborts = 20;
        for (int i = 0; i < aborts; i++) {
            Socket s = slowLogin(PreLogin.fetch());
            s.getOutputStream().write("sr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.close(); // the client goes away mid-body
        }
        Thread.sleep(2000); // the host notices the closed connections; output is read by another thread
        List<String> added = lucent.outputLines().subList(before, lucent.outputLines().size());
        int bytes = lucent.output().length() - bytesBefore;
        assertTrue(added.size() <= aborts, added.size() + " lines for " + aborts + " aborted requests:\n" + String.join("\n", added));
        assertTrue(bytes <= aborts * 300, bytes + " bytes of log for " + aborts + " aborted requests:\n" + String.join("\n", added));
        assertFalse(added.stream().anyMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + String.join("\n", added));
    }

    static final Pattern NEW_PASSWORD = Pattern.compile("id=\"new-password\">([^<]+)<");

    static String addUser(WebClient admin, String name, String role) throws Exception {
        admin.get("/settings/users");
        HttpResponse<String> r = admin.postFormWithToken("/settings/users", Map.of("username", name, "role", role));
        assertEquals(200, r.statusCode(), r.body());
        Matcher m = NEW_PASSWORD.matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void anAdminUnlocksChangesRolesAndDeletesUsersButNeverTheLastAdmin() throws Exception {
        WebClient admin = lucent.signIn();
        String password = addUser(admin, "dora", "auditor");
        WebClient dora = new WebClient(lucent);
        assertEquals(303, dora.login("dora", password));
        // someone fails for dora until her sign-in waits
        WebClient guesser = new WebClient(lucent);
        for (int i = 0; i < 6; i++) guesser.login("dora", "wrong-password-" + i);
        assertEquals(429, new WebClient(lucent).login("dora", password), "locked: even the right password waits");
        admin.get("/settings/users");
        assertTrue(admin.get("/settings/users").body().contains("locked"));
        assertEquals(200, admin.postFormWithToken("/settings/users/unlock", Map.of("username", "dora")).statusCode());
        assertEquals(303, new WebClient(lucent).login("dora", password), "unlocked");

        // a role change ends her sessions (they carried the old role)
        assertEquals(200, dora.get("/audits/new").statusCode());
        admin.get("/settings/users");
        HttpResponse<String> demoted = admin.postFormWithToken("/settings/users/role", Map.of("username", "dora", "role", "viewer"));
        assertEquals(200, demoted.statusCode(), demoted.body());
        assertEquals(303, dora.get("/audits/new").statusCode(), "her old session is gone");
        WebClient viewer = new WebClient(lucent);
        assertEquals(303, viewer.login("dora", password));
        viewer.get("/reports");
        assertEquals(403, viewer.postFormWithToken("/audits", Map.of()).statusCode(), "a viewer now: starting an audit is refused");
        // she cannot manage users, nor can anyone without the form's token
        assertEquals(403, viewer.postFormWithToken("/settings/users/delete", Map.of("username", "admin")).statusCode());
        assertEquals(403, admin.postForm("/settings/users/delete", Map.of("username", "dora")).statusCode(), "no CSRF token");

        // the last admin is neither demoted nor deleted
        admin.get("/settings/users");
        HttpResponse<String> selfDemote = admin.postFormWithToken("/settings/users/role", Map.of("username", "admin", "role", "viewer"));
        assertEquals(400, selfDemote.statusCode());
        assertTrue(selfDemote.body().contains("last admin"), selfDemote.body());
        HttpResponse<String> selfDelete = admin.postFormWithToken("/settings/users/delete", Map.of("username", "admin"));
        assertEquals(400, selfDelete.statusCode());

        admin.get("/settings/users");
        assertEquals(200, admin.postFormWithToken("/settings/users/delete", Map.of("username", "dora")).statusCode());
        assertEquals(303, viewer.get("/reports").statusCode(), "a deleted user's session ends");
        assertEquals(401, new WebClient(lucent).login("dora", password));
        assertFalse(java.nio.file.Files.readString(lucent.data.resolve("console/users")).contains("dora"));
    }

    @Test
    void aLongUploadNameIsCutKeepingItsTypeAndBidiControlsAreRemoved() throws Exception {
        WebClient admin = lucent.signIn();
        admin.get("/datasets");
        String name = "patients-" + "\u00e9".repeat(250) + "\u202Egnp.csv";
        HttpResponse<String> r = admin.upload("/datasets/upload", name, "a,b,label\n1,2,x\n3,4,y\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(303, r.statusCode(), r.body());
        String page = admin.get(r.headers().firstValue("location").orElseThrow()).body();
        assertTrue(page.contains("patients-" + "\u00e9".repeat(150)), "the name is shown, cut");
        assertFalse(page.contains("\u202E"), "no right-to-left override on the page");
    }
}
