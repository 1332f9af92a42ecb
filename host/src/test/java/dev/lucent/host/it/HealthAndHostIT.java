package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} tells an anonymous caller only that Lucent is up and which explainers it has, no versions; the
 * console answers only requests addressed to a loopback name (DNS-rebinding defence), over a real socket.
 */
class HealthAndHostIT {

    static LucentProcess host;

    @BeforeAll
    static void start() throws Exception {
        host = LucentProcess.options().heap("512m").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) host.close();
    }

    @Test
    void anonymousHealthNamesExplainersButNoVersions() throws Exception {
        String anonymous = host.health();
        assertTrue(anonymous.contains("\"status\":\"UP\"") && anonymous.contains("\"id\":\"saliency\""), anonymous);
        for (String leak : List.of("version", "Version", "felix", "bundle", "framework"))
            assertFalse(anonymous.contains(leak), "the anonymous /health says nothing of '" + leak + "': " + anonymous);

        String inventory = host.inventory();
        for (String shown : List.of("\"lucentVersion\":", "\"framework\":{\"name\":\"org.apache.felix.framework\",\"version\":",
                "\"bundle\":\"lucent-explainers-saliency\",\"bundleVersion\":", "\"state\":\"ACTIVE\""))
            assertTrue(inventory.contains(shown), "signed in, /health shows " + shown + ": " + inventory);
    }

    @Test
    void requestsForAnotherHostNameAreRefusedBeforeAnyServlet() throws Exception {
        int port = host.port;
        for (String path : List.of("/health", "/login", "/reports", "/static/lucent.js", "/no/such/page")) {
            RawHttp.Answer a = RawHttp.exchange(port, "GET " + path + " HTTP/1.1", "evil.example:" + port, null);
            assertEquals(421, a.status(), "GET " + path + " for evil.example: " + a.text());
            assertTrue(a.body().contains("answers only to the host names localhost, 127.0.0.1 and [::1]"), a.text());
            assertFalse(a.body().contains("explainers"), "nothing of the console: " + a.text());
        }
        for (String rebound : List.of("127.0.0.1.evil.example", "localhost.evil.example:" + port, "192.168.1.20:" + port))
            assertEquals(421, RawHttp.exchange(port, "GET /health HTTP/1.1", rebound, null).status(), rebound);
        RawHttp.Answer post = RawHttp.exchange(port, "POST /login HTTP/1.1", "evil.example", "username=admin&password=x",
                "Content-Type: application/x-www-form-urlencoded");
        assertEquals(421, post.status(), post.text());
        RawHttp.Answer absolute = RawHttp.exchange(port, "GET http://evil.example/health HTTP/1.1", "evil.example", null);
        assertEquals(421, absolute.status(), "an absolute URI naming another host: " + absolute.text());
        // an absolute URI whose host differs from the header: Jetty itself refuses it (400) before any filter
        RawHttp.Answer mixed = RawHttp.exchange(port, "GET http://evil.example/health HTTP/1.1", "127.0.0.1:" + port, null);
        assertTrue(mixed.status() == 400 || mixed.status() == 421, "absolute URI for evil.example, Host 127.0.0.1: " + mixed.text());

        for (String loopback : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port)) {
            RawHttp.Answer ok = RawHttp.exchange(port, "GET /health HTTP/1.1", loopback, null);
            assertEquals(200, ok.status(), loopback + ": " + ok.text());
            assertTrue(ok.body().contains("\"id\":\"saliency\""), ok.text());
        }
        assertEquals(303, RawHttp.exchange(port, "GET /reports HTTP/1.1", "localhost:" + port, null).status(), "the login still guards pages");
    }
}
