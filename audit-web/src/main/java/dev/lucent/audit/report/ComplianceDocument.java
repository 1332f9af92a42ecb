package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.explain.api.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compliance view made ready for display ({@code templates/report/compliance.html}), for the exported document (HTML
 * and PDF, after the report's body) and the console's compliance page alike: per framework, each section with the
 * findings that answer it, linked to them in the report, the worst of their verdicts, and the gaps. It stands outside
 * the report's hashes, as in the JSON: it is derived from the sealed findings and the map's version, so a later map
 * may read an old report differently without touching its seal.
 *
 * @param base where the report's findings are: "" in the document itself, the report's page on the console
 */
public record ComplianceDocument(String mapVersion, int findings, List<FrameworkView> frameworks, List<SectionRow> gaps,
                                 List<EvidenceView> unmapped, String base) {

    public record FrameworkView(String id, String name, String source, List<SectionRow> sections) {
    }

    /** A section: {@code css} picks the verdict badge's colour; {@code verdict} reads "gap: no evidence" for a gap. */
    public record SectionRow(String id, String framework, String title, String asks, String verdict, String css, boolean gap,
                             List<EvidenceView> evidence) {
    }

    /** A finding as evidence: {@code what} is its verdict's outcome or its kind; {@code anchor} its place in the report. */
    public record EvidenceView(String explainerId, String explainer, String title, String what, String anchor) {
    }

    /** The view of {@code report} under the built-in map, its links relative to {@code base}. */
    public static ComplianceDocument of(AuditReport report, String base) {
        Compliance.View v = Compliance.of(report);
        Map<Finding, String> anchors = ReportView.anchors(report);
        List<FrameworkView> frameworks = new ArrayList<>();
        List<SectionRow> gaps = new ArrayList<>();
        for (Compliance.Framework f : v.frameworks()) {
            List<SectionRow> rows = new ArrayList<>();
            for (Compliance.SectionView s : v.sections()) {
                if (!s.section().framework().equals(f.id())) continue;
                SectionRow row = new SectionRow(s.section().id(), f.name(), s.section().title(), s.section().asks(),
                        s.gap() ? "gap: no evidence" : s.verdict(), css(s), s.gap(), evidence(s.evidence(), anchors));
                rows.add(row);
                if (s.gap()) gaps.add(row);
            }
            frameworks.add(new FrameworkView(f.id(), f.name(), f.source(), List.copyOf(rows)));
        }
        int findings = report.runs().stream().mapToInt(r -> r.findings().size()).sum();
        return new ComplianceDocument(v.mapVersion(), findings, List.copyOf(frameworks), List.copyOf(gaps),
                evidence(v.unmapped(), anchors), base);
    }

    private static List<EvidenceView> evidence(List<Compliance.Evidence> ev, Map<Finding, String> anchors) {
        return ev.stream().map(e -> new EvidenceView(e.explainerId(), e.explainer(), e.title(),
                e.outcome() == null ? e.findingKind() : e.outcome(), anchors.get(e.finding()))).toList();
    }

    private static String css(Compliance.SectionView s) {
        if (s.gap()) return "warn";
        return switch (s.verdict()) {
            case "PASS" -> "pass";
            case "WARN" -> "warn";
            case "FAIL", "ERROR" -> "fail";
            default -> "";
        };
    }
}
