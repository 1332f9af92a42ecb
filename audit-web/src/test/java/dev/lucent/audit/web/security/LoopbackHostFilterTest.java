package dev.lucent.audit.web.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackHostFilterTest {

    @Test
    void loopbackNamesWithAnyPortAreAnswered() {
        for (String host : List.of("localhost", "LocalHost:8080", "127.0.0.1", "127.0.0.1:18431", "[::1]", "[::1]:8080"))
            assertTrue(LoopbackHostFilter.loopback(host), host);
    }

    @Test
    void everyOtherHostIsRefused() {
        for (String host : List.of("", "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example",
                "127.0.0.2", "0.0.0.0", "[::2]", "localhost:8080:80", "localhost:", "user@localhost", "::1"))
            assertFalse(LoopbackHostFilter.loopback(host), host);
        assertFalse(LoopbackHostFilter.loopback(null), "no Host header");
    }
}
