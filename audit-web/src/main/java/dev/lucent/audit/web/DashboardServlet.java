package dev.lucent.audit.web;

import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.ReportStore;
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
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The dashboard at {@code /}; as the default servlet it also answers 404 for every path no other servlet
 * claims (after the security filter, so an unknown path without a session still goes to the login page).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=lucent-dashboard"})
public final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** One row of the explainer list. */
    public record ExplainerRow(String id, String name, String family, String version, String bundle, String description) {
    }

    /** A recent report on the dashboard. */
    public record Recent(String id, String title, String finished, int pass, int warn, int fail, int error, String problem) {
    }

    private final transient Console console;
    private final transient InstalledExplainers explainers;
    private final transient UploadStore uploads;
    private final transient ReportStore reports;
    private final transient Jobs jobs;

    /** A training or audit started from the console, for the "work" list. */
    public record Work(String id, String title, String state, String message, String owner) {
    }

    /** Verdict totals over every genuine stored report, and how many reports the journal does not vouch for. */
    public record Totals(int reports, int pass, int warn, int fail, int error, int notGenuine) {
    }

    @Activate
    public DashboardServlet(@Reference Console console, @Reference InstalledExplainers explainers, @Reference UploadStore uploads,
                            @Reference ReportStore reports, @Reference Jobs jobs) {
        this.jobs = jobs;
        this.console = console;
        this.explainers = explainers;
        this.uploads = uploads;
        this.reports = reports;
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
        List<ReportStore.StoredReport> stored;
        String journalProblem = null;
        try {
            stored = reports.list();
        } catch (JournalException e) {
            stored = List.of();
            journalProblem = e.getMessage();
        }
        int p = 0, w = 0, f = 0, x = 0, forged = 0;
        for (ReportStore.StoredReport r : stored) {
            // a report the journal does not vouch for is counted apart: its verdicts may have been altered
            if (!r.genuine()) {
                forged++;
                continue;
            }
            p += r.pass();
            w += r.warn();
            f += r.fail();
            x += r.error();
        }
        model.put("totals", new Totals(stored.size(), p, w, f, x, forged));
        model.put("recent", stored.stream().limit(8).map(r -> new Recent(r.id(), r.title(),
                SettingsServlet.TIME.format(r.finished()), r.pass(), r.warn(), r.fail(), r.error(), r.problem())).toList());
        model.put("journalProblem", journalProblem);
        model.put("work", jobs.recent().stream().limit(6)
                .map(j -> new Work(j.id(), j.title(), j.state().name().toLowerCase(java.util.Locale.ROOT), j.message(), j.owner())).toList());
        console.render(req, resp, "dashboard", "dashboard", model);
    }
}
