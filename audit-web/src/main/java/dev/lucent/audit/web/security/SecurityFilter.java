package dev.lucent.audit.web.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Every request passes here first (HTTP whiteboard filter on {@code /*}): security headers on every
 * response, the session looked up, then {@link AccessPolicy} decides. The session is handed to servlets as
 * the request attribute {@link #SESSION}.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.name=lucent-security",
        "osgi.http.whiteboard.filter.dispatcher=REQUEST",
        "osgi.http.whiteboard.filter.dispatcher=ASYNC",
        "osgi.http.whiteboard.filter.dispatcher=ERROR",
        "osgi.http.whiteboard.filter.asyncSupported=true"})
public final class SecurityFilter implements Filter {

    public static final String SESSION = "lucent.session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_PARAM = "_csrf";
    /** A login body read asynchronously, and the place it holds, for the dispatch that continues the request. */
    static final String PRE_LOGIN_BODY = "lucent.preLogin.body";
    static final String PRE_LOGIN_SLOT = "lucent.preLogin.slot";

    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /** Requests with a body before sign-in at once, in all and from one client address. */
    static final int PRE_LOGIN_REQUESTS = 32;
    static final int PRE_LOGIN_REQUESTS_PER_CLIENT = 8;

    private final SessionStore sessions;
    private final PreLoginLimits preLogin = new PreLoginLimits(PRE_LOGIN_REQUESTS, PRE_LOGIN_REQUESTS_PER_CLIENT, System::nanoTime);

    @Activate
    public SecurityFilter(@Reference SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        headers(resp);
        String path = path(req);
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        SessionStore.Session session = sessionOf(req).orElse(null);
        boolean mutating = AccessPolicy.isMutating(method);
        // Before sign-in the only body worth reading is the login form's, and it is read here under limits;
        // any other request without a signed-in session is decided without reading its body.
        PreLoginLimits.Slot slot = (PreLoginLimits.Slot) req.getAttribute(PRE_LOGIN_SLOT);
        if (slot != null) {
            // the dispatch after the body was read asynchronously: its place is released when this one ends
            req.removeAttribute(PRE_LOGIN_SLOT);
            req = PreLoginLimits.withBody(req, (byte[]) req.getAttribute(PRE_LOGIN_BODY));
        } else if (mutating && session != null && !session.authenticated() && AccessPolicy.isPublic(path)) {
            PreLoginLimits.Slot admitted = preLogin.admit(req.getRemoteAddr());
            if (admitted == null) {
                refuse(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "The console is answering too many sign-in requests; try again in a few seconds.");
                return;
            }
            String client = req.getRemoteAddr();
            java.util.function.BiConsumer<PreLoginLimits.Refused, ServletResponse> refused = (e, r) -> {
                admitted.close();
                System.err.println("lucent: " + method + " " + path + " from " + client + " refused: " + e.getMessage());
                try {
                    refuse((HttpServletResponse) r, e.status, "Refused: " + e.getMessage() + ".");
                } catch (IOException | RuntimeException gone) {
                    // the client is gone; nothing to answer
                }
            };
            if (req.isAsyncSupported()) {
                HttpServletRequest first = req;
                preLogin.readBodyAsync(req, resp, body -> {
                    first.setAttribute(PRE_LOGIN_SLOT, admitted);
                    first.setAttribute(PRE_LOGIN_BODY, body);
                }, refused);
                return;
            }
            // a filter or servlet in the chain without asynchronous support: read blocking, under the same limits
            slot = admitted;
            try {
                req = PreLoginLimits.withBody(req, preLogin.readBody(req));
            } catch (PreLoginLimits.Refused e) {
                refused.accept(e, resp);
                return;
            }
        }
        try {
            decide(req, resp, chain, path, method, session, mutating);
        } finally {
            if (slot != null) slot.close();
        }
    }

    private void decide(HttpServletRequest req, HttpServletResponse resp, FilterChain chain, String path, String method,
                        SessionStore.Session session, boolean mutating) throws IOException, ServletException {
        // without a signed-in session only a public path's token is worth reading (the body is buffered then)
        boolean csrfValid = mutating && session != null && (session.authenticated() || AccessPolicy.isPublic(path))
                && session.csrfMatches(submittedToken(req));
        switch (AccessPolicy.decide(method, path, session, csrfValid)) {
            case ALLOW -> {
                if (session != null) req.setAttribute(SESSION, session);
                if (!AccessPolicy.isPublic(path) || path.equals("/login")) resp.setHeader("Cache-Control", "no-store");
                try {
                    chain.doFilter(req, resp);
                } catch (IOException | ServletException | RuntimeException e) {
                    // the container answers 500 without detail; the operator gets the cause, with the stack only
                    // for a signed-in request: a visitor who breaks off a request must not fill the log
                    if (session != null && session.authenticated() && !clientWentAway(e)) {
                        System.err.println("lucent: " + method + " " + path + " failed: " + e);
                        e.printStackTrace(System.err);
                    } else {
                        System.err.println("lucent: " + method + " " + path + " from " + req.getRemoteAddr() + " failed: "
                                + PreLoginLimits.oneLine(e));
                    }
                    throw e;
                }
            }
            case LOGIN -> {
                resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
                resp.setHeader("Location", "/login");
            }
            case UNAUTHORIZED -> {
                resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                resp.setContentType("application/json");
                resp.setCharacterEncoding("UTF-8");
                resp.getWriter().write("{\"error\":\"sign in first\"}");
            }
            case FORBIDDEN -> {
                resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
                resp.setContentType("text/plain");
                resp.setCharacterEncoding("UTF-8");
                resp.getWriter().write(session == null
                        ? "Forbidden: sign in first.\n"
                        : AccessPolicy.isMutating(method) && !csrfValid
                                ? "Forbidden: the form's security token is missing or stale; reload the page and try again.\n"
                                : session.authenticated() ? "Forbidden: your role does not allow this.\n" : "Forbidden: sign in first.\n");
            }
        }
    }

    /** A short plain-text refusal that closes the connection, so nothing more is read from it. */
    private static void refuse(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) resp.setHeader("Retry-After", Integer.toString(PreLoginLimits.RETRY_AFTER_SECONDS));
        resp.setHeader("Connection", "close");
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(text + "\n");
    }

    /** The client closed the connection or stopped sending: its problem, not the console's. */
    static boolean clientWentAway(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
            if (c instanceof java.io.EOFException || c instanceof java.util.concurrent.TimeoutException
                    || c.getClass().getSimpleName().equals("EofException")) return true;
        return false;
    }

    static void headers(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        resp.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /** The container's decoded and normalized path inside this context. */
    public static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String p = servletPath + info;
        return p.isEmpty() ? "/" : p;
    }

    private Optional<SessionStore.Session> sessionOf(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return Optional.empty();
        for (Cookie c : cookies)
            if (SessionStore.COOKIE.equals(c.getName())) {
                Optional<SessionStore.Session> s = sessions.find(c.getValue());
                if (s.isPresent()) return s;
            }
        return Optional.empty();
    }

    /**
     * The CSRF token a request carries: the header (scripts), else for a multipart upload the query string
     * (its body is read only by the upload code, after this check, under size limits), else the form field.
     */
    static String submittedToken(HttpServletRequest req) {
        String h = req.getHeader(CSRF_HEADER);
        if (h != null) return h;
        String type = req.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) return queryParameter(req.getQueryString(), CSRF_PARAM);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
            return req.getParameter(CSRF_PARAM);
        return queryParameter(req.getQueryString(), CSRF_PARAM);
    }

    static String queryParameter(String query, String name) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }
}
