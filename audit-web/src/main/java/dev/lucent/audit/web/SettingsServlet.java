package dev.lucent.audit.web;

import dev.lucent.audit.web.security.LoginThrottle;
import dev.lucent.audit.web.security.Role;
import dev.lucent.audit.web.security.SessionStore;
import dev.lucent.audit.web.security.UserStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /settings}: the user's own account (change password) and, for admins, {@code /settings/users}
 * (list users, add one with a role; the new password is generated and shown once; unlock a user's sign-in,
 * change a role, delete a user, never leaving the console without an admin). The admin-only rule
 * lives in {@link dev.lucent.audit.web.security.AccessPolicy}.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/settings",
        "osgi.http.whiteboard.servlet.pattern=/settings/password",
        "osgi.http.whiteboard.servlet.pattern=/settings/users",
        "osgi.http.whiteboard.servlet.pattern=/settings/users/unlock",
        "osgi.http.whiteboard.servlet.pattern=/settings/users/role",
        "osgi.http.whiteboard.servlet.pattern=/settings/users/delete",
        "osgi.http.whiteboard.servlet.name=lucent-settings"})
public final class SettingsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A row of the users table. */
    public record UserRow(String name, String role, String created, boolean locked) {
    }

    /** A password shown once, right after an admin created the user. */
    public record NewUser(String name, String role, String password) {
    }

    private final transient Console console;
    private final transient UserStore users;
    private final transient SessionStore sessions;
    private final transient LoginThrottle throttle;

    @Activate
    public SettingsServlet(@Reference Console console, @Reference UserStore users, @Reference SessionStore sessions,
                           @Reference LoginThrottle throttle) {
        this.console = console;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getServletPath()) {
            case "/settings/users" -> usersPage(req, resp, HttpServletResponse.SC_OK, null, null);
            case "/settings" -> accountPage(req, resp, HttpServletResponse.SC_OK, null, null);
            default -> Console.seeOther(resp, "/settings");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getServletPath()) {
            case "/settings/users" -> addUser(req, resp);
            case "/settings/users/unlock", "/settings/users/role", "/settings/users/delete" -> manage(req, resp);
            case "/settings/password" -> changePassword(req, resp);
            default -> resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }

    private void accountPage(HttpServletRequest req, HttpServletResponse resp, int status, String error, String done)
            throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("error", error);
        model.put("done", done);
        model.put("minLength", UserStore.MIN_PASSWORD_LENGTH);
        console.render(req, resp, status, "settings", "settings", model);
    }

    private void changePassword(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        SessionStore.Session s = Console.session(req);
        char[] current = Optional.ofNullable(req.getParameter("current")).orElse("").toCharArray();
        char[] next = Optional.ofNullable(req.getParameter("next")).orElse("").toCharArray();
        char[] again = Optional.ofNullable(req.getParameter("again")).orElse("").toCharArray();
        try {
            if (!Arrays.equals(next, again)) throw new IllegalArgumentException("the two new passwords differ");
            users.changePassword(s.user().name(), current, next);
            sessions.endAllOf(s.user().name(), s.id());
            accountPage(req, resp, HttpServletResponse.SC_OK, null, "Your password is changed; your other sessions are signed out.");
        } catch (IllegalArgumentException e) {
            accountPage(req, resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), null);
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
            Arrays.fill(again, '\0');
        }
    }

    private void usersPage(HttpServletRequest req, HttpServletResponse resp, int status, String error, NewUser created)
            throws IOException {
        usersPage(req, resp, status, error, created, null);
    }

    private void usersPage(HttpServletRequest req, HttpServletResponse resp, int status, String error, NewUser created,
                           String done) throws IOException {
        List<UserRow> rows = users.all().stream()
                .map(u -> new UserRow(u.name(), u.role().label(), TIME.format(u.created()), throttle.locked(u.name()))).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("users", rows);
        model.put("roles", Arrays.stream(Role.values()).map(Role::label).toList());
        model.put("error", error);
        model.put("created", created);
        model.put("done", done);
        console.render(req, resp, status, "users", "settings", model);
    }

    private void addUser(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Role role = Role.parse(req.getParameter("role"));
            String name = Optional.ofNullable(req.getParameter("username")).orElse("").trim().toLowerCase(java.util.Locale.ROOT);
            String password = users.add(name, role);
            usersPage(req, resp, HttpServletResponse.SC_OK, null, new NewUser(name, role.label(), password));
        } catch (IllegalArgumentException e) {
            usersPage(req, resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), null);
        }
    }

    /** Unlock, change role or delete: the user's sessions end with a role change or deletion (they carry the role). */
    private void manage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = Optional.ofNullable(req.getParameter("username")).orElse("").trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (users.find(name).isEmpty()) throw new IllegalArgumentException("there is no user '" + name + "'");
            String done;
            switch (req.getServletPath()) {
                case "/settings/users/unlock" -> {
                    throttle.unlock(name);
                    done = "Sign-in of " + name + " is unlocked: failed attempts are forgotten.";
                }
                case "/settings/users/role" -> {
                    Role role = Role.parse(req.getParameter("role"));
                    users.changeRole(name, role);
                    sessions.endAllOf(name, null);
                    done = name + " is now " + role.label() + "; their sessions are signed out.";
                }
                default -> {
                    users.delete(name);
                    sessions.endAllOf(name, null);
                    throttle.forget(name);
                    done = name + " is deleted; their sessions are signed out.";
                }
            }
            SessionStore.Session own = Console.session(req);
            if (own != null && own.user().name().equals(name) && !req.getServletPath().endsWith("/unlock")) {
                // an admin who demoted or deleted themselves is signed out with the rest of their sessions
                sessions.end(own.id());
                Console.seeOther(resp, "/login");
                return;
            }
            usersPage(req, resp, HttpServletResponse.SC_OK, null, null, done);
        } catch (IllegalArgumentException e) {
            usersPage(req, resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), null, null);
        }
    }
}
