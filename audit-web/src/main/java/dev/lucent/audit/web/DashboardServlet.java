package dev.lucent.audit.web;

import dev.lucent.audit.runner.InstalledExplainers;
import dev.lucent.audit.web.upload.UploadStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The dashboard at {@code /}; as the default servlet it also answers 404 for every path no other servlet
 * claims (after the security filter, so an unknown path without a session still goes to the login page).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=lucent-dashboard"})
public final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** One row of the explainer list. */
    public record ExplainerRow(String id, String name, String family, String version, String bundle, String description) {
    }

    private final transient Console console;
    private final transient InstalledExplainers explainers;
    private final transient UploadStore uploads;

    @Activate
    public DashboardServlet(@Reference Console console, @Reference InstalledExplainers explainers, @Reference UploadStore uploads) {
        this.console = console;
        this.explainers = explainers;
        this.uploads = uploads;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/".equals(dev.lucent.audit.web.security.SecurityFilter.path(req))) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        List<ExplainerRow> rows = explainers.all().stream()
                .map(i -> new ExplainerRow(i.info().id(), i.info().name(), i.info().family(), i.info().version(),
                        i.bundle() + " " + i.bundleVersion(), i.info().description()))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("explainers", rows);
        model.put("models", uploads.list(UploadStore.Kind.MODEL).size());
        model.put("datasets", uploads.list(UploadStore.Kind.DATASET).size());
        console.render(req, resp, "dashboard", "dashboard", model);
    }
}
