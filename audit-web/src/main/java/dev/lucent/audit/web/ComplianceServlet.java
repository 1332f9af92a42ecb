package dev.lucent.audit.web;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.report.Compliance;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /compliance/<report id>}: the report's compliance view, section by section (framework, section, the evidence
 * found for it, the worst verdict, gaps), under the built-in versioned map ({@link Compliance}).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/compliance/*",
        "osgi.http.whiteboard.servlet.name=lucent-compliance"})
public final class ComplianceServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Console console;
    private final transient ReportStore store;

    @Activate
    public ComplianceServlet(@Reference Console console, @Reference ReportStore store) {
        this.console = console;
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = Optional.ofNullable(req.getPathInfo()).orElse("/").substring(1);
        Optional<AuditReport> report;
        try {
            report = id.isEmpty() || id.contains("/") ? Optional.empty() : store.find(id);
        } catch (JournalException | RuntimeException e) {
            report = Optional.empty();
        }
        if (report.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Compliance.View view = Compliance.of(report.get());
        Map<String, Object> model = new HashMap<>();
        model.put("report", report.get());
        model.put("view", view);
        model.put("gaps", view.gaps());
        model.put("findings", report.get().runs().stream().mapToInt(r -> r.findings().size()).sum());
        model.put("frameworks", view.frameworks());
        Map<String, String> names = new HashMap<>();
        for (Compliance.Framework f : view.frameworks()) names.put(f.id(), f.name());
        model.put("frameworkNames", names);
        model.put("byFramework", byFramework(view));
        console.render(req, resp, "compliance", "reports", model);
    }

    /** Sections grouped under their framework, in the map's order. */
    static Map<String, List<Compliance.SectionView>> byFramework(Compliance.View view) {
        Map<String, List<Compliance.SectionView>> m = new java.util.LinkedHashMap<>();
        for (Compliance.Framework f : view.frameworks())
            m.put(f.id(), view.sections().stream().filter(s -> s.section().framework().equals(f.id())).toList());
        return m;
    }
}
