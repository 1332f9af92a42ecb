package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ReportStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Every file a report is exported as, for the console and the CLI alike: one place decides what each format holds, so
 * the two cannot drift apart. The HTML and the PDF are one document, {@code templates/report/document.html}, whose body
 * is the same fragments ({@code templates/report/body.html}) the console's report page shows, fed the same
 * {@link ReportView}, followed by the compliance view ({@code templates/report/compliance.html}, {@link ComplianceDocument}).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = ReportExports.class)
public final class ReportExports {
    private final TemplateEngine engine = Templates.engine();

    public ReportExports() {
    }

    /** An export format: its name in the console's URL ({@code /reports/ID/export.html}), media type and file suffix. */
    public enum Format {
        HTML("export.html", "text/html;charset=UTF-8", ".html"),
        PDF("export.pdf", "application/pdf", ".pdf"),
        JSON("export.json", "application/json", ".json"),
        CSV("export.csv", "text/csv;charset=UTF-8", ".csv"),
        MODEL_CARD("model-card.md", "text/markdown;charset=UTF-8", "-model-card.md");

        private final String path;
        private final String mediaType;
        private final String suffix;

        Format(String path, String mediaType, String suffix) {
            this.path = path;
            this.mediaType = mediaType;
            this.suffix = suffix;
        }

        public String path() {
            return path;
        }

        public String mediaType() {
            return mediaType;
        }

        public String suffix() {
            return suffix;
        }

        /** The format a console path ends with ({@code export.csv}), or null. */
        public static Format ofPath(String path) {
            for (Format f : values()) if (f.path.equals(path)) return f;
            return null;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The report in {@code format}.
     *
     * @param stored     its journal entry in short (the HTML and PDF show the signature), or null when it was not stored
     * @param notGenuine why the journal does not vouch for it, or null: every format then says so first
     */
    public byte[] render(Format format, AuditReport report, ReportStore.StoredReport stored, String notGenuine) {
        return render(format, report, stored, notGenuine, java.util.List.of());
    }

    /** The report in {@code format}, the model card with the reviewers' sign-offs ({@code signOffs}, oldest first). */
    public byte[] render(Format format, AuditReport report, ReportStore.StoredReport stored, String notGenuine,
                         java.util.List<dev.lucent.audit.api.SignOff> signOffs) {
        return switch (format) {
            case HTML -> utf8(document(report, stored, ""));
            case PDF -> ReportPdf.render(document(report, stored, resource("templates/report/report-pdf.css")));
            case JSON -> utf8(ReportJson.export(report, notGenuine));
            case CSV -> utf8(ReportCsv.findings(report, notGenuine));
            case MODEL_CARD -> utf8(ModelCard.markdown(report, notGenuine, signOffs));
        };
    }

    /** What the console's report page shows of {@code report}: the same view the exports render. */
    public ReportView view(AuditReport report, String notGenuine) {
        return ReportView.of(report, notGenuine);
    }

    /**
     * The standalone document, {@code extraCss} after the report's style sheet; the journal's check of the stored
     * entry ({@code stored.problem()}) decides whether it says "not genuine".
     */
    String document(AuditReport report, ReportStore.StoredReport stored, String extraCss) {
        String notGenuine = stored == null ? null : stored.problem();
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("view", ReportView.of(report, notGenuine));
        context.setVariable("compliance", ComplianceDocument.of(report, ""));
        context.setVariable("report", report);
        context.setVariable("css", css() + extraCss);
        context.setVariable("signature", ReportView.Signature.of(stored));
        context.setVariable("notGenuine", notGenuine == null ? null : NotGenuine.warning(notGenuine));
        return engine.process("report/document", context);
    }

    /** The report's style sheet, for the exports and the console's report page. */
    public static String css() {
        return resource("templates/report/report.css");
    }

    /** A text file of this bundle, e.g. a style sheet. */
    static String resource(String path) {
        try (InputStream in = ReportExports.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " missing from the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
