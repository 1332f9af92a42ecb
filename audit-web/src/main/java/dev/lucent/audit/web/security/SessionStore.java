package dev.lucent.audit.web.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Console sessions, in memory (a restart signs everyone out). A session before login carries only a CSRF
 * token for the login form; logging in always starts a fresh session id, so a planted id is worthless.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = SessionStore.class)
public final class SessionStore {

    public static final String COOKIE = "lucent_session";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Duration ANONYMOUS = Duration.ofMinutes(15);
    /** Bounds memory against a flood of login-page visits. */
    static final int MAX_SESSIONS = 20_000;

    /** One session; {@code user} is null before login. */
    public record Session(String id, String csrfToken, UserStore.User user, Instant created, Instant lastSeen) {
        public boolean authenticated() {
            return user != null;
        }

        /** Constant-time check of a submitted CSRF token. */
        public boolean csrfMatches(String submitted) {
            return submitted != null && MessageDigest.isEqual(
                    submitted.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;

    @Activate
    public SessionStore() {
        this(new SecureRandom(), Clock.systemUTC());
    }

    SessionStore(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A session before login, for the login form's CSRF token. */
    public Session anonymous() {
        return put(new Session(token(), token(), null, clock.instant(), clock.instant()));
    }

    /** Logs a user in under a new session id, ending the pre-login session. */
    public Session login(String previousId, UserStore.User user) {
        if (previousId != null) sessions.remove(previousId);
        return put(new Session(token(), token(), user, clock.instant(), clock.instant()));
    }

    private Session put(Session s) {
        if (sessions.size() >= MAX_SESSIONS) evict();
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, touched; expired ones are dropped. */
    public Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.csrfToken(), s.user(), s.created(), now);
        sessions.replace(id, s, touched);
        return Optional.of(touched);
    }

    private static boolean expired(Session s, Instant now) {
        if (!s.authenticated()) return s.created().plus(ANONYMOUS).isBefore(now);
        return s.lastSeen().plus(IDLE).isBefore(now) || s.created().plus(ABSOLUTE).isBefore(now);
    }

    public void end(String id) {
        if (id != null) sessions.remove(id);
    }

    /** Ends every session of a user (after a password change), except {@code keep}. */
    public void endAllOf(String user, String keep) {
        sessions.values().removeIf(s -> s.authenticated() && s.user().name().equals(user) && !s.id().equals(keep));
    }

    private void evict() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        // still full: drop the oldest pre-login sessions first, they cost a visitor nothing to make
        if (sessions.size() >= MAX_SESSIONS)
            sessions.values().stream().filter(s -> !s.authenticated()).sorted(Comparator.comparing(Session::created))
                    .limit(sessions.size() - MAX_SESSIONS + 1L + MAX_SESSIONS / 10).map(Session::id).toList()
                    .forEach(sessions::remove);
    }

    /** The Set-Cookie value for a session: HttpOnly, SameSite=Strict, whole site. */
    public static String cookie(Session s) {
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict";
    }

    public static String expiredCookie() {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }
}
