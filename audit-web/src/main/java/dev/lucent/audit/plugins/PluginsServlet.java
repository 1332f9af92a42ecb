package dev.lucent.audit.plugins;

import dev.lucent.audit.report.JsonWriter;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.ExplainerState;
import dev.lucent.audit.web.Console;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The plugins page ({@code /plugins}) and its JSON twin ({@code /api/plugins}): every jar in the plugins
 * folder, whether it runs, and if not why, in plain words; with the trust warning when jars are not checked
 * against signing keys; and the quarantined explainers, which {@code POST /plugins/reenable} (auditors, CSRF
 * token) lets run again.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/plugins",
        "osgi.http.whiteboard.servlet.pattern=/plugins/reenable",
        "osgi.http.whiteboard.servlet.pattern=/api/plugins",
        "osgi.http.whiteboard.servlet.name=lucent-plugins"})
public final class PluginsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** A row of the page, ready to show. */
    public record Row(String file, String status, String css, String bundle, String reason, String explainers,
                      String sha256, String signedBy) {
    }

    /** An explainer quarantined after failing audits in a row, ready to show. */
    public record Quarantined(String id, String name, String bundle, int failures, String lastError) {
    }

    private final transient Console console;
    private final transient PluginManager plugins;
    private final transient AuditRunner runner;

    @Activate
    public PluginsServlet(@Reference Console console, @Reference PluginManager plugins, @Reference AuditRunner runner) {
        this.console = console;
        this.plugins = plugins;
        this.runner = runner;
    }

    private List<Quarantined> quarantined() {
        Map<String, Quarantined> byId = new LinkedHashMap<>();
        for (ExplainerState e : runner.explainers())
            if (e.quarantined()) byId.putIfAbsent(e.id(), new Quarantined(e.id(), e.explainer().name(), e.explainer().bundle() + " " + e.explainer().bundleVersion(),
                    e.failureStreak(), e.lastError() == null ? "" : e.lastError()));
        return List.copyOf(byId.values());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getServletPath().equals("/plugins/reenable")) {
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String id = req.getParameter("explainer");
        if (id == null || quarantined().stream().noneMatch(q -> q.id().equals(id))) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "no quarantined explainer '" + id + "'");
            return;
        }
        runner.reenable(id);
        Console.seeOther(resp, "/plugins");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        List<PluginManager.Plugin> list = plugins.list();
        if (req.getServletPath().startsWith("/api/")) {
            Console.json(resp, HttpServletResponse.SC_OK, json(list));
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("plugins", list.stream().map(PluginsServlet::row).toList());
        model.put("folder", plugins.folder() == null ? "(none)" : plugins.folder().toString());
        model.put("trustedKeys", plugins.trustedKeys());
        model.put("warning", warning());
        model.put("quarantined", quarantined());
        console.render(req, resp, "plugins", "plugins", model);
    }

    private String warning() {
        if (plugins.trustedKeys() != null) return null;
        return "Plugins run with the rights of Lucent's audit worker: they can read and write what that process can,"
                + " and reach the network. Any jar placed in the plugins folder is installed. To accept only plugins"
                + " signed by keys you trust, start Lucent with --trusted-keys FILE.";
    }

    private static Row row(PluginManager.Plugin p) {
        String bundle = p.symbolicName() == null ? "" : p.symbolicName() + (p.version() == null ? "" : " " + p.version());
        return new Row(p.file(), p.status().label, p.status().css, bundle, p.reason() == null ? "" : p.reason(),
                String.join(", ", p.explainers()), p.sha256() == null ? "" : p.sha256().substring(0, 16),
                p.signedBy() == null ? "" : p.signedBy());
    }

    String json(List<PluginManager.Plugin> list) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (PluginManager.Plugin p : list) {
            StringJoiner ids = new StringJoiner(",", "[", "]");
            p.explainers().forEach(i -> ids.add(JsonWriter.quoted(i)));
            items.add("{\"file\":" + JsonWriter.quoted(p.file()) + ",\"status\":" + JsonWriter.quoted(p.status().name().toLowerCase())
                    + ",\"symbolicName\":" + JsonWriter.quoted(p.symbolicName()) + ",\"version\":" + JsonWriter.quoted(p.version())
                    + ",\"reason\":" + JsonWriter.quoted(p.reason()) + ",\"explainers\":" + ids
                    + ",\"sha256\":" + JsonWriter.quoted(p.sha256()) + ",\"signedBy\":" + JsonWriter.quoted(p.signedBy()) + "}");
        }
        StringJoiner quarantined = new StringJoiner(",", "[", "]");
        for (Quarantined q : quarantined())
            quarantined.add("{\"id\":" + JsonWriter.quoted(q.id()) + ",\"name\":" + JsonWriter.quoted(q.name()) + ",\"bundle\":" + JsonWriter.quoted(q.bundle())
                    + ",\"failures\":" + q.failures() + ",\"lastError\":" + JsonWriter.quoted(q.lastError()) + "}");
        return "{\"folder\":" + JsonWriter.quoted(plugins.folder() == null ? null : plugins.folder().toString())
                + ",\"trustedKeys\":" + JsonWriter.quoted(plugins.trustedKeys()) + ",\"warning\":" + JsonWriter.quoted(warning())
                + ",\"plugins\":" + items + ",\"quarantined\":" + quarantined + "}";
    }
}
