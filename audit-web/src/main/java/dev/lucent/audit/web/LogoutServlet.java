package dev.lucent.audit.web;

import dev.lucent.audit.web.security.SessionStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** {@code POST /logout}: ends the session (a form with the CSRF token, so no page can sign a user out). */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/logout",
        "osgi.http.whiteboard.servlet.name=lucent-logout"})
public final class LogoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SessionStore sessions;

    @Activate
    public LogoutServlet(@Reference SessionStore sessions,
                         @Reference(target = "(osgi.http.whiteboard.filter.name=lucent-security)") jakarta.servlet.Filter security) {
        this.sessions = sessions;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
        SessionStore.Session s = Console.session(req);
        if (s != null) sessions.end(s.id());
        resp.addHeader("Set-Cookie", SessionStore.expiredCookie());
        Console.seeOther(resp, "/login");
    }
}
