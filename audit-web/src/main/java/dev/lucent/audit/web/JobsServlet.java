package dev.lucent.audit.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Progress of background work: {@code /jobs/<id>} is the page (it polls with {@code static/lucent.js}),
 * {@code /api/jobs/<id>} the JSON, {@code POST /api/jobs/<id>/cancel} cancels (auditors, CSRF header).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/jobs/*",
        "osgi.http.whiteboard.servlet.pattern=/api/jobs/*",
        "osgi.http.whiteboard.servlet.name=lucent-jobs"})
public final class JobsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Console console;
    private final transient Jobs jobs;

    @Activate
    public JobsServlet(@Reference Console console, @Reference Jobs jobs) {
        this.console = console;
        this.jobs = jobs;
    }

    private Optional<Job> job(HttpServletRequest req, String suffix) {
        String info = req.getPathInfo();
        if (info == null || !info.endsWith(suffix)) return Optional.empty();
        return jobs.find(info.substring(1, info.length() - suffix.length()));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<Job> job = job(req, "");
        if (job.isEmpty()) {
            if (req.getServletPath().startsWith("/api")) Console.json(resp, 404, "{\"error\":\"no such job\"}");
            else resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (req.getServletPath().startsWith("/api")) {
            Console.json(resp, 200, job.get().json());
            return;
        }
        console.render(req, resp, "job", job.get().kind().equals("training") ? "models" : "audit", Map.of("job", job.get()));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<Job> job = req.getServletPath().startsWith("/api") ? job(req, "/cancel") : Optional.empty();
        if (job.isEmpty()) {
            Console.json(resp, 404, "{\"error\":\"no such job\"}");
            return;
        }
        job.get().cancel();
        Console.json(resp, 202, job.get().json());
    }
}
