package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ReportStore;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Every file a report is exported as, for the console and the CLI alike: one place decides what each format holds, so
 * the two cannot drift apart.
 */
public final class ReportExports {
    private ReportExports() {
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
    public static byte[] render(Format format, AuditReport report, ReportStore.StoredReport stored, String notGenuine) {
        return switch (format) {
            case HTML -> utf8(ReportHtml.standalone(report, stored));
            case PDF -> ReportPdf.render(report, stored);
            case JSON -> utf8(ReportJson.export(report, notGenuine));
            case CSV -> utf8(ReportCsv.findings(report, notGenuine));
            case MODEL_CARD -> utf8(ModelCard.markdown(report, notGenuine));
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
