package dev.lucent.audit.web;

import dev.lucent.audit.runner.InstalledExplainers;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The start page: what this Lucent is and which explainers it offers right now. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=lucent-start"})
public final class StartPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** One row of the explainer list, ready to display. */
    public record ExplainerRow(String id, String name, String family, String version, String bundle, String description) {
    }

    private final transient Pages pages;
    private final transient InstalledExplainers explainers;
    private final transient BundleContext context;

    @Activate
    public StartPageServlet(@Reference Pages pages, @Reference InstalledExplainers explainers, BundleContext context) {
        this.pages = pages;
        this.explainers = explainers;
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/".equals(req.getRequestURI())) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        List<ExplainerRow> rows = explainers.all().stream()
                .map(i -> new ExplainerRow(i.info().id(), i.info().name(), i.info().family(), i.info().version(),
                        i.bundle() + " " + i.bundleVersion(), i.info().description()))
                .toList();
        String html = pages.render("index", Map.of(
                "version", String.valueOf(context.getProperty("lucent.version")),
                "explainers", rows));
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(html);
    }
}
