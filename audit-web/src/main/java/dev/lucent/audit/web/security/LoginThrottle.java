package dev.lucent.audit.web.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Login rate limiting, in three budgets; an attempt waits for the longest of them and, while waiting, is
 * refused without the password being checked:
 * <ul>
 * <li>per client address and user name: {@value #FREE_FAILURES} failures are free, then each attempt waits
 * 2, 4, 8, ... seconds after the last failure (at most 15 minutes);</li>
 * <li>per client address, whatever the name: {@value #FREE_CLIENT_FAILURES} failures are free, then the same
 * doubling, so spraying many names from one address is slowed as much as guessing one;</li>
 * <li>for the whole console: a bucket of {@value #GLOBAL_BUDGET} failures that drains by one every
 * {@value #GLOBAL_DRAIN_SECONDS} seconds; when it is full, every attempt waits for room.</li>
 * </ul>
 * A browser that signed in as a user before carries a random token for it ({@link #rememberBrowser}); its
 * attempts for that user are counted on their own and no other budget applies to them, so nobody else (a
 * local process shares the owner's address) can lock that user out of their own browser. An admin can clear
 * a user's records ({@link #unlock}). A success clears the (address, name) and browser records.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = LoginThrottle.class)
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final int FREE_CLIENT_FAILURES = 20;
    static final int GLOBAL_BUDGET = 200;
    static final int GLOBAL_DRAIN_SECONDS = 3;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final int MAX_ENTRIES = 50_000;
    static final int MAX_BROWSERS = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    /** Browser token to the user it signed in as. */
    private final Map<String, String> browsers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;
    /** The global bucket: failures in it as of {@link #bucketTime}. */
    private double bucket;
    private Instant bucketTime;

    @Activate
    public LoginThrottle() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    LoginThrottle(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
        this.bucketTime = clock.instant();
    }

    private static String name(String user) {
        return user == null ? "" : user.trim().toLowerCase(Locale.ROOT);
    }

    private static String pairKey(String client, String user) {
        return "pair\n" + client + "\n" + name(user);
    }

    private static String clientKey(String client) {
        return "client\n" + client;
    }

    private static String browserKey(String browser) {
        return "browser\n" + browser;
    }

    /** Whether {@code browser} (a token from {@link #rememberBrowser}, or null) signed in as {@code user} before. */
    public boolean knownBrowser(String browser, String user) {
        return browser != null && name(user).equals(browsers.get(browser));
    }

    /** A new random token for this browser, remembered (in memory) as having signed in as {@code user}. */
    public String rememberBrowser(String user) {
        if (browsers.size() >= MAX_BROWSERS) browsers.clear(); // at worst known browsers count as unknown again
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        browsers.put(token, name(user));
        return token;
    }

    /**
     * How long this attempt must wait; zero if it may try now.
     *
     * @param browser the browser's token, or null
     */
    public Duration waitBeforeAttempt(String client, String user, String browser) {
        Instant now = clock.instant();
        if (knownBrowser(browser, user)) return wait(failures.get(browserKey(browser)), FREE_FAILURES, now);
        Duration w = longer(wait(failures.get(pairKey(client, user)), FREE_FAILURES, now),
                wait(failures.get(clientKey(client)), FREE_CLIENT_FAILURES, now));
        return longer(w, globalWait(now));
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration wait(Failures f, int free, Instant now) {
        if (f == null || f.count < free) return Duration.ZERO;
        Duration remaining = Duration.between(now, f.last.plus(backoff(f.count, free)));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** The wait after {@code count} failures: 2^(count-free+1) seconds once past the free ones, at most 15 minutes. */
    static Duration backoff(int count, int free) {
        if (count < free) return Duration.ZERO;
        int exp = Math.min(count - free + 1, 20);
        Duration d = Duration.ofSeconds(1L << exp);
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    static Duration backoff(int count) {
        return backoff(count, FREE_FAILURES);
    }

    private synchronized Duration globalWait(Instant now) {
        drain(now);
        if (bucket < GLOBAL_BUDGET) return Duration.ZERO;
        double seconds = (bucket - GLOBAL_BUDGET + 1) * GLOBAL_DRAIN_SECONDS;
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    private void drain(Instant now) {
        double elapsed = Duration.between(bucketTime, now).toMillis() / 1000.0;
        if (elapsed > 0) {
            bucket = Math.max(0, bucket - elapsed / GLOBAL_DRAIN_SECONDS);
            bucketTime = now;
        }
    }

    public void failed(String client, String user, String browser) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ENTRIES) {
            Instant cutoff = now.minus(MAX_WAIT);
            failures.values().removeIf(f -> f.last.isBefore(cutoff));
        }
        if (knownBrowser(browser, user)) {
            count(browserKey(browser), now);
            return;
        }
        count(pairKey(client, user), now);
        count(clientKey(client), now);
        synchronized (this) {
            drain(now);
            bucket++;
        }
    }

    private void count(String key, Instant now) {
        failures.merge(key, new Failures(1, now), (a, b) -> new Failures(a.count + 1, b.last));
    }

    public void succeeded(String client, String user, String browser) {
        failures.remove(pairKey(client, user));
        if (browser != null) failures.remove(browserKey(browser));
    }

    /** An admin lifts every wait on this user name (from any address and browser). */
    public void unlock(String user) {
        String suffix = "\n" + name(user);
        failures.keySet().removeIf(k -> k.startsWith("pair\n") && k.endsWith(suffix));
        browsers.entrySet().stream().filter(e -> e.getValue().equals(name(user))).map(Map.Entry::getKey)
                .forEach(b -> failures.remove(browserKey(b)));
    }

    /** Whether attempts for this user name are waiting now from some address (shown on the users page). */
    public boolean locked(String user) {
        Instant now = clock.instant();
        String suffix = "\n" + name(user);
        return failures.entrySet().stream().anyMatch(e -> e.getKey().startsWith("pair\n") && e.getKey().endsWith(suffix)
                && !wait(e.getValue(), FREE_FAILURES, now).isZero());
    }

    /** Forgets the browsers of a deleted user. */
    public void forget(String user) {
        unlock(user);
        browsers.values().removeIf(name(user)::equals);
    }
}
