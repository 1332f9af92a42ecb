package dev.lucent.audit.web;

import dev.lucent.audit.web.security.LoginThrottle;
import dev.lucent.audit.web.security.SessionStore;
import dev.lucent.audit.web.security.UserStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** {@code /login}: the sign-in form (with a pre-login CSRF token) and its POST, rate limited. */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/login",
        // the security filter reads the login body without holding a thread, then dispatches again
        "osgi.http.whiteboard.servlet.asyncSupported=true",
        "osgi.http.whiteboard.servlet.name=lucent-login"})
public final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Marks a browser that signed in before, so others' failures do not lock its user out of it. */
    static final String BROWSER_COOKIE = "lucent_browser";

    private final transient Console console;
    private final transient SessionStore sessions;
    private final transient UserStore users;
    private final transient LoginThrottle throttle;

    @Activate
    public LoginServlet(@Reference Console console, @Reference SessionStore sessions, @Reference UserStore users,
                        @Reference LoginThrottle throttle) {
        this.console = console;
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        SessionStore.Session s = Console.session(req);
        if (s != null && s.authenticated()) {
            Console.seeOther(resp, "/");
            return;
        }
        form(req, resp, HttpServletResponse.SC_OK, null, "");
    }

    private void form(HttpServletRequest req, HttpServletResponse resp, int status, String error, String name) throws IOException {
        // a pre-login session whose token the form carries; the POST must come back with both. A live one is
        // kept, so a second tab or a stray request (favicon) does not make the first form's token stale.
        SessionStore.Session s = Console.session(req);
        if (s == null || s.authenticated()) {
            s = sessions.anonymous();
            req.setAttribute(dev.lucent.audit.web.security.SecurityFilter.SESSION, s);
            resp.addHeader("Set-Cookie", SessionStore.cookie(s));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("error", error);
        model.put("name", name);
        console.render(req, resp, status, "login", "login", model);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = Optional.ofNullable(req.getParameter("username")).orElse("").trim();
        String password = Optional.ofNullable(req.getParameter("password")).orElse("");
        String client = req.getRemoteAddr();
        String browser = browserToken(req);
        Duration wait = throttle.waitBeforeAttempt(client, name, browser);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            resp.setHeader("Retry-After", Long.toString(seconds));
            form(req, resp, 429, "Too many failed sign-ins. Try again in " + seconds + " s.", name);
            return;
        }
        char[] pw = password.toCharArray();
        Optional<UserStore.User> user;
        try {
            user = name.length() > 64 || pw.length > 1024 ? Optional.empty() : users.authenticate(name, pw);
        } finally {
            Arrays.fill(pw, '\0');
        }
        if (user.isEmpty()) {
            throttle.failed(client, name, browser);
            form(req, resp, HttpServletResponse.SC_UNAUTHORIZED, "Wrong user name or password.", name);
            return;
        }
        throttle.succeeded(client, name, browser);
        SessionStore.Session previous = Console.session(req);
        SessionStore.Session s = sessions.login(previous == null ? null : previous.id(), user.get());
        resp.addHeader("Set-Cookie", SessionStore.cookie(s));
        if (!throttle.knownBrowser(browser, user.get().name()))
            resp.addHeader("Set-Cookie", BROWSER_COOKIE + "=" + throttle.rememberBrowser(user.get().name())
                    + "; Path=/login; Max-Age=2592000; HttpOnly; SameSite=Strict");
        Console.seeOther(resp, "/");
    }

    private static String browserToken(HttpServletRequest req) {
        if (req.getCookies() == null) return null;
        for (jakarta.servlet.http.Cookie c : req.getCookies()) if (BROWSER_COOKIE.equals(c.getName())) return c.getValue();
        return null;
    }
}
