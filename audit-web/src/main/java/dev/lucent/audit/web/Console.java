package dev.lucent.audit.web;

import dev.lucent.audit.web.security.Role;
import dev.lucent.audit.web.security.SecurityFilter;
import dev.lucent.audit.web.security.SessionStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * What every console page shares: the signed-in user, the CSRF token for its forms, the navigation and the
 * version, added to the controller's own view model before {@link Pages} renders a fixed template.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Console.class)
public final class Console {

    /** The signed-in user as the layout shows it. */
    public record Me(String name, String role, boolean canRun, boolean admin) {
    }

    private final Pages pages;
    private final String version;

    /** Pages are served only behind the security filter: every page servlet depends on this component. */
    @Activate
    public Console(@Reference Pages pages, BundleContext context,
                   @Reference(target = "(osgi.http.whiteboard.filter.name=lucent-security)") jakarta.servlet.Filter security) {
        this(pages, String.valueOf(context.getProperty("lucent.version")));
    }

    Console(Pages pages, String version) {
        this.pages = pages;
        this.version = version;
    }

    /** The request's session, as the security filter found it (null only on public pages). */
    public static SessionStore.Session session(HttpServletRequest req) {
        return (SessionStore.Session) req.getAttribute(SecurityFilter.SESSION);
    }

    public static Role role(HttpServletRequest req) {
        SessionStore.Session s = session(req);
        return s == null || !s.authenticated() ? null : s.user().role();
    }

    public static String userName(HttpServletRequest req) {
        SessionStore.Session s = session(req);
        return s == null || !s.authenticated() ? null : s.user().name();
    }

    public String version() {
        return version;
    }

    /** Renders {@code page} with status 200. */
    public void render(HttpServletRequest req, HttpServletResponse resp, String page, String nav, Map<String, Object> model)
            throws IOException {
        render(req, resp, HttpServletResponse.SC_OK, page, nav, model);
    }

    public void render(HttpServletRequest req, HttpServletResponse resp, int status, String page, String nav,
                       Map<String, Object> model) throws IOException {
        Map<String, Object> all = new HashMap<>(model);
        SessionStore.Session s = session(req);
        all.put("csrf", s == null ? "" : s.csrfToken());
        if (s != null && s.authenticated()) {
            Role r = s.user().role();
            all.put("me", new Me(s.user().name(), r.label(), r.includes(Role.AUDITOR), r.includes(Role.ADMIN)));
        }
        all.put("nav", nav);
        all.put("version", version);
        byte[] html = pages.render(page, all).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setContentLength(html.length);
        resp.getOutputStream().write(html);
    }

    /** 303 See Other to a path of this console (never a URL a request supplied). */
    public static void seeOther(HttpServletResponse resp, String path) {
        if (!path.startsWith("/") || path.startsWith("//")) throw new IllegalArgumentException("not a local path: " + path);
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", path);
    }

    public static void json(HttpServletResponse resp, int status, String document) throws IOException {
        byte[] b = document.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
