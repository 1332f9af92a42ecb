package dev.lucent.audit.web;

import dev.lucent.audit.report.JsonWriter;
import dev.lucent.audit.runner.InstalledExplainers;
import dev.lucent.audit.web.security.SecurityFilter;
import dev.lucent.audit.web.security.SessionStore;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /health}: whether Lucent is up and the ids of the explainers the registry holds now, open to all; signed
 * in, also the Lucent and framework versions and each explainer's name, family, version and bundle (an anonymous
 * caller learns no version to match against known flaws). It answers 503 until every bundle is active and Declarative Services has taken up every bundle's components,
 * so "healthy" means the built-in explainers are listed and the console is behind its host check and security filter.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/health",
        "osgi.http.whiteboard.servlet.name=lucent-health"})
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient InstalledExplainers explainers;
    private final transient BundleContext context;

    private final transient ServiceComponentRuntime scr;

    @Activate
    public HealthServlet(@Reference InstalledExplainers explainers, @Reference ServiceComponentRuntime scr,
                         @Reference(target = "(osgi.http.whiteboard.filter.name=lucent-security)") Filter security,
                         @Reference(target = "(osgi.http.whiteboard.filter.name=lucent-loopback-host)") Filter loopbackHost,
                         BundleContext context) {
        this.explainers = explainers;
        this.scr = scr;
        this.context = context;
    }

    /**
     * True once every bundle the host embeds is active and SCR knows the components of every one that declares
     * some. Plugin bundles (installed from the plugins folder) do not count: a broken plugin must not make
     * Lucent unhealthy; the plugins page reports it.
     */
    boolean started() {
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && !b.getLocation().startsWith("lucent:")) continue;
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) continue;
            if (b.getState() != Bundle.ACTIVE) return false;
            if (b.getHeaders().get("Service-Component") != null && scr.getComponentDescriptionDTOs(b).isEmpty()) return false;
        }
        return true;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        if (!started()) {
            resp.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            resp.getOutputStream().write("{\"status\":\"STARTING\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean signedIn = req.getAttribute(SecurityFilter.SESSION) instanceof SessionStore.Session s && s.authenticated();
        resp.getOutputStream().write((signedIn ? inventory() : anonymous()).getBytes(StandardCharsets.UTF_8));
    }

    /** Up, and which explainers: enough for monitoring and to see a plugin come and go, no versions. */
    String anonymous() {
        StringJoiner list = new StringJoiner(",", "[", "]");
        for (InstalledExplainers.Installed i : explainers.all()) list.add("{\"id\":" + JsonWriter.quoted(i.info().id()) + "}");
        return "{\"status\":\"UP\",\"explainers\":" + list + "}";
    }

    /** For signed-in users: versions of Lucent, the framework and every explainer with its bundle. */
    String inventory() {
        Bundle system = context.getBundle(0);
        StringJoiner list = new StringJoiner(",", "[", "]");
        for (InstalledExplainers.Installed i : explainers.all()) {
            list.add("{\"id\":" + JsonWriter.quoted(i.info().id()) + ",\"name\":" + JsonWriter.quoted(i.info().name())
                    + ",\"family\":" + JsonWriter.quoted(i.info().family()) + ",\"version\":" + JsonWriter.quoted(i.info().version())
                    + ",\"bundle\":" + JsonWriter.quoted(i.bundle()) + ",\"bundleVersion\":" + JsonWriter.quoted(i.bundleVersion()) + "}");
        }
        return "{\"status\":\"UP\",\"lucentVersion\":" + JsonWriter.quoted(context.getProperty("lucent.version"))
                + ",\"framework\":{\"name\":" + JsonWriter.quoted(system.getSymbolicName())
                + ",\"version\":" + JsonWriter.quoted(system.getVersion().toString())
                + ",\"state\":" + JsonWriter.quoted(state(system.getState())) + "}"
                + ",\"explainers\":" + list + "}";
    }

    static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }
}
