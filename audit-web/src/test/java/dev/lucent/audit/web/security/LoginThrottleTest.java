package dev.lucent.audit.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "admin"));
            t.failed("1.2.3.4", "admin");
        }
        assertEquals(Duration.ofSeconds(2), t.waitBeforeAttempt("1.2.3.4", "Admin "), "names compare case-insensitively");
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.5", "admin"), "another client is not held up");
        clock.now = clock.now.plusSeconds(2);
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "admin"));
        t.failed("1.2.3.4", "admin");
        assertEquals(Duration.ofSeconds(4), t.waitBeforeAttempt("1.2.3.4", "admin"));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Duration.ofSeconds(3), t.waitBeforeAttempt("1.2.3.4", "admin"));
        t.succeeded("1.2.3.4", "admin");
        assertEquals(Duration.ZERO, t.waitBeforeAttempt("1.2.3.4", "admin"));
    }

    @Test
    void backoffIsCapped() {
        assertEquals(Duration.ZERO, LoginThrottle.backoff(4));
        assertEquals(Duration.ofSeconds(2), LoginThrottle.backoff(5));
        assertEquals(Duration.ofSeconds(8), LoginThrottle.backoff(7));
        assertEquals(LoginThrottle.MAX_WAIT, LoginThrottle.backoff(40));
    }
}
