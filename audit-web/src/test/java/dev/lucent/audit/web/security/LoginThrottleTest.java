package dev.lucent.audit.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void fiveFailuresAreFreeThenTheWaitDoubles() {
        ManualClock clock = new ManualClock();
        LoginThrottle t = new LoginThrottle(clock, new java.security.SecureRandom());
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "admin", null));
            t.failed("1.2.3.4", "admin", null);
        }
        assertEquals(Duration.ofSeconds(2), t.waitBeforeAttempt("1.2.3.4", "Admin ", null), "names compare case-insensitively");
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.5", "admin", null), "another client is not held up");
        clock.now = clock.now.plusSeconds(2);
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "admin", null));
        t.failed("1.2.3.4", "admin", null);
        assertEquals(Duration.ofSeconds(4), t.waitBeforeAttempt("1.2.3.4", "admin", null));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Duration.ofSeconds(3), t.waitBeforeAttempt("1.2.3.4", "admin", null));
        t.succeeded("1.2.3.4", "admin", null);
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "admin", null));
    }

    @Test
    void backoffIsCapped() {
        assertEquals(Duration.ZERO, LoginThrottle.backoff(4));
        assertEquals(Duration.ofSeconds(2), LoginThrottle.backoff(5));
        assertEquals(Duration.ofSeconds(8), LoginThrottle.backoff(7));
        assertEquals(LoginThrottle.MAX_WAIT, LoginThrottle.backoff(40));
    }

    @Test
    void sprayingManyNamesFromOneAddressIsThrottled() {
        ManualClock clock = new ManualClock();
        LoginThrottle t = new LoginThrottle(clock, new java.security.SecureRandom());
        for (int i = 0; i < LoginThrottle.FREE_CLIENT_FAILURES; i++) {
            assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "name" + i, null), "failure " + i);
            t.failed("1.2.3.4", "name" + i, null);
        }
        // each name failed once only, yet the address now waits for any name
        assertEquals(Duration.ofSeconds(2), t.waitBeforeAttempt("1.2.3.4", "never-tried", null));
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.5", "never-tried", null));
    }

    @Test
    void theWholeConsoleHasAFailureBudgetThatDrains() {
        ManualClock clock = new ManualClock();
        LoginThrottle t = new LoginThrottle(clock, new java.security.SecureRandom());
        // spread over many addresses, so no per-address budget is reached
        for (int i = 0; i < LoginThrottle.GLOBAL_BUDGET; i++) t.failed("10.0." + (i / 10) + "." + (i % 10), "u" + i, null);
        assertEquals(Duration.ofSeconds(LoginThrottle.GLOBAL_DRAIN_SECONDS), t.waitBeforeAttempt("10.9.9.9", "admin", null));
        clock.now = clock.now.plusSeconds(LoginThrottle.GLOBAL_DRAIN_SECONDS);
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("10.9.9.9", "admin", null), "one failure drained");
    }

    @Test
    void aBrowserThatSignedInBeforeIsNotLockedOutByOthersAndAnAdminCanUnlock() {
        ManualClock clock = new ManualClock();
        LoginThrottle t = new LoginThrottle(clock, new java.security.SecureRandom());
        String mine = t.rememberBrowser("Admin");
        assertTrue(t.knownBrowser(mine, "admin"));
        assertFalse(t.knownBrowser(mine, "bob"), "a browser is known for the user it signed in as only");
        // a local process (same address) fails for admin over and over
        for (int i = 0; i < 40; i++) t.failed("127.0.0.1", "admin", null);
        assertTrue(t.waitBeforeAttempt("127.0.0.1", "admin", null).compareTo(Duration.ofMinutes(1)) > 0);
        assertTrue(t.locked("admin"));
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("127.0.0.1", "admin", mine), "the owner's browser still may try");
        assertTrue(t.waitBeforeAttempt("127.0.0.1", "admin", "forged-token").compareTo(Duration.ZERO) > 0, "a made-up token counts for nothing");
        // its own failures are counted on their own
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) t.failed("127.0.0.1", "admin", mine);
        assertEquals(Duration.ofSeconds(2), t.waitBeforeAttempt("127.0.0.1", "admin", mine));
        t.unlock("ADMIN");
        assertFalse(t.locked("admin"));
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("127.0.0.1", "admin", mine));
        // the address's own budget (40 names' worth of failures) still stands for unknown browsers
        assertTrue(t.waitBeforeAttempt("127.0.0.1", "admin", null).compareTo(Duration.ZERO) > 0);
        t.forget("admin");
        assertFalse(t.knownBrowser(mine, "admin"));
    }
}
