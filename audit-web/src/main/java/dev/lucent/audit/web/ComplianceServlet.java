package dev.lucent.audit.web;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.report.ComplianceDocument;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /compliance/<report id>}: the report's compliance view, section by section (framework, section, the evidence
 * found for it, linked to the report's page, the worst verdict, gaps), under the built-in versioned map: the same
 * fragment the exported document shows ({@link ComplianceDocument}).
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
        Map<String, Object> model = new HashMap<>();
        model.put("report", report.get());
        // the findings' links go to the report's page, which shows the same body with the same anchors
        model.put("compliance", ComplianceDocument.of(report.get(), "/reports/" + report.get().id()));
        console.render(req, resp, "compliance", "reports", model);
    }

}
