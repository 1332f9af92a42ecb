package dev.lucent.audit.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Login rate limiting per client address and user name: the first {@value #FREE_FAILURES} failures are free,
 * then each further attempt waits 2, 4, 8, ... seconds (at most 15 minutes) after the last failure. While
 * waiting, attempts are refused without checking the password. A success clears the record.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = LoginThrottle.class)
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final int MAX_ENTRIES = 50_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    @Activate
    public LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private static String key(String client, String user) {
        return client + "\n" + (user == null ? "" : user.trim().toLowerCase(Locale.ROOT));
    }

    /** How long this client must wait before trying this user again; zero if it may try now. */
    public Duration waitBeforeAttempt(String client, String user) {
        Failures f = failures.get(key(client, user));
        if (f == null || f.count < FREE_FAILURES) return Duration.ZERO;
        Duration remaining = Duration.between(clock.instant(), f.last.plus(backoff(f.count)));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** The wait after {@code count} failures: 2^(count-4) seconds once past the free ones. */
    static Duration backoff(int count) {
        if (count < FREE_FAILURES) return Duration.ZERO;
        int exp = Math.min(count - FREE_FAILURES + 1, 20);
        Duration d = Duration.ofSeconds(1L << exp);
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    public void failed(String client, String user) {
        if (failures.size() >= MAX_ENTRIES) {
            Instant cutoff = clock.instant().minus(MAX_WAIT);
            failures.values().removeIf(f -> f.last.isBefore(cutoff));
        }
        failures.merge(key(client, user), new Failures(1, clock.instant()),
                (a, b) -> new Failures(a.count + 1, b.last));
    }

    public void succeeded(String client, String user) {
        failures.remove(key(client, user));
    }
}
