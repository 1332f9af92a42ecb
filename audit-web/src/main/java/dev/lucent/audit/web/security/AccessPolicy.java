package dev.lucent.audit.web.security;

/**
 * Who may do what, in one place. Decides on the container's decoded, normalized path (never the raw URI),
 * so {@code /static/..%2Freports} cannot pass as a static file.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** What the filter does with a request. */
    public enum Decision {
        /** Serve it. */
        ALLOW,
        /** No session, a page was asked: 303 to the login page. */
        LOGIN,
        /** No session, the JSON API was asked: 401. */
        UNAUTHORIZED,
        /** Refused: 403 (no session on a mutating request, missing or wrong CSRF token, or the role lacks the right). */
        FORBIDDEN
    }

    public static boolean isPublic(String path) {
        return path.equals("/login") || path.equals("/health") || path.startsWith("/static/");
    }

    public static boolean isMutating(String method) {
        return !(method.equals("GET") || method.equals("HEAD"));
    }

    public static boolean isApi(String path) {
        return path.startsWith("/api/");
    }

    /** The least role a request needs, given that the user is signed in. */
    public static Role required(String method, String path) {
        if (path.equals("/settings/users") || path.startsWith("/settings/users/")) return Role.ADMIN;
        if (!isMutating(method)) return Role.VIEWER;
        // everyone may sign out and change their own password, and check the journal (it changes nothing)
        if (path.equals("/logout") || path.equals("/settings/password") || path.equals("/journal/verify")) return Role.VIEWER;
        return Role.AUDITOR;
    }

    /**
     * @param session   the request's live session, or null
     * @param csrfValid whether the request carries the session's CSRF token (only asked for mutating requests)
     */
    public static Decision decide(String method, String path, SessionStore.Session session, boolean csrfValid) {
        boolean mutating = isMutating(method);
        if (isPublic(path)) {
            // the login form's POST needs the token of the pre-login session it was served with
            if (mutating && (session == null || !csrfValid)) return Decision.FORBIDDEN;
            return Decision.ALLOW;
        }
        if (session == null || !session.authenticated()) {
            if (isApi(path)) return Decision.UNAUTHORIZED;
            return mutating ? Decision.FORBIDDEN : Decision.LOGIN;
        }
        if (mutating && !csrfValid) return Decision.FORBIDDEN;
        return session.user().role().includes(required(method, path)) ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
