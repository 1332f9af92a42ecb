package dev.lucent.audit.web;

import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.journal.ReportImport;
import dev.lucent.audit.web.upload.UploadException;
import dev.lucent.audit.web.upload.UploadStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /reports/import}: a sealed lucent-report JSON written elsewhere (by the Spark runner) uploaded and appended
 * to the journal by {@link ReportImport}, the path {@code lucent import-report} takes; then it is a report like any
 * other. The uploaded file is not kept: the journal holds the report, or nothing when it was refused.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/reports/import",
        "osgi.http.whiteboard.servlet.name=lucent-report-import"})
public final class ReportImportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Console console;
    private final transient UploadStore uploads;
    private final transient ReportStore reports;

    @Activate
    public ReportImportServlet(@Reference Console console, @Reference UploadStore uploads, @Reference ReportStore reports) {
        this.console = console;
        this.uploads = uploads;
        this.reports = reports;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        page(req, resp, HttpServletResponse.SC_OK, null);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Outcome o = receive(uploads, reports, req.getContentType(), req.getContentLengthLong(), req.getInputStream(), Console.userName(req));
        if (o.reportId() != null) {
            Console.seeOther(resp, "/reports/" + o.reportId());
            return;
        }
        // the rest of an oversized body is not read: close the connection instead
        if (o.status() == 413) resp.setHeader("Connection", "close");
        page(req, resp, o.status(), o.problem());
    }

    /** What an upload came to: the id of the report appended, or the status and the one-line reason nothing was. */
    record Outcome(String reportId, int status, String problem) {
    }

    /** Receives a multipart upload with the size limits of every upload, appends the report, keeps no file. */
    static Outcome receive(UploadStore uploads, ReportStore reports, String contentType, long length, InputStream body, String user)
            throws IOException {
        UploadStore.Received r;
        try {
            r = uploads.receive(UploadStore.Kind.REPORT, contentType, length, body, user);
        } catch (UploadException e) {
            return new Outcome(null, e.status(), e.getMessage());
        }
        try {
            return new Outcome(ReportImport.append(reports, r.stored().file(), "'" + r.stored().originalName() + "'").id(), 303, null);
        } catch (ReportImport.Refused e) {
            return new Outcome(null, 422, e.getMessage());
        } finally {
            uploads.delete(UploadStore.Kind.REPORT, r.stored().id());
        }
    }

    private void page(HttpServletRequest req, HttpServletResponse resp, int status, String error) throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("error", error);
        model.put("maxMb", Math.min(uploads.maxBytes(), ReportImport.MAX_BYTES) / (1024 * 1024));
        console.render(req, resp, status, "report-import", "reports", model);
    }
}
