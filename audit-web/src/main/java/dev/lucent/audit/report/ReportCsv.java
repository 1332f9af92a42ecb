package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import java.util.List;

/**
 * Every finding as CSV rows (explainer, kind, stage, title, subject, key, value, lower, upper, note), safe to
 * open in a spreadsheet: a text cell starting with {@code = + - @}, tab or carriage return is prefixed with an
 * apostrophe so it is never read as a formula (OWASP CSV injection); numbers Lucent formats itself are left as
 * they are.
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    public static String findings(AuditReport r) {
        return findings(r, null);
    }

    /** The findings, after a first line that says the report is not genuine and why when {@code notGenuine} is given. */
    public static String findings(AuditReport r, String notGenuine) {
        StringBuilder b = new StringBuilder(16 * 1024);
        if (notGenuine != null) row(b, NotGenuine.warning(notGenuine));
        b.append("explainer,kind,stage,title,subject,key,value,lower,upper,note\r\n");
        for (ExplainerRun run : r.runs())
            for (Finding f : run.findings()) {
                String stage = f.stage() == null ? "" : f.stage().name();
                String kind = ReportJson.kind(f);
                if (f instanceof FeatureAttribution a) {
                    double[] v = a.values(), u = a.uncertainty();
                    for (int i = 0; i < v.length; i++)
                        row(b, run.explainerId(), kind, stage, a.title(), a.subject(), text(a.features().get(i)), num(v[i]),
                                u == null ? "" : num(v[i] - u[i]), u == null ? "" : num(v[i] + u[i]), a.note());
                } else if (f instanceof Metric m) {
                    row(b, run.explainerId(), kind, stage, m.title(), "", text(m.name()), num(m.value()), num(m.lower()),
                            num(m.upper()), m.note());
                } else if (f instanceof Verdict v) {
                    row(b, run.explainerId(), kind, stage, v.title(), "", "outcome", v.outcome().name(), "", "",
                            v.summary() + (v.evidence().isEmpty() ? "" : " | evidence: " + String.join("; ", v.evidence())));
                } else if (f instanceof Table t) {
                    for (List<String> cells : t.rows()) {
                        StringBuilder rest = new StringBuilder();
                        for (int j = 1; j < cells.size(); j++)
                            rest.append(j > 1 ? "; " : "").append(t.columns().get(j)).append('=').append(cells.get(j));
                        row(b, run.explainerId(), kind, stage, t.title(), t.columns().get(0), text(cells.get(0)), text(rest.toString()),
                                "", "", t.note());
                    }
                } else if (f instanceof Curve c) {
                    for (Curve.Series s : c.series()) {
                        double[] x = s.x(), y = s.y();
                        for (int i = 0; i < x.length; i++)
                            row(b, run.explainerId(), kind, stage, c.title(), s.name(), num(x[i]), num(y[i]), "", "", c.note());
                    }
                } else if (f instanceof ImageHeatmap h) {
                    row(b, run.explainerId(), kind, stage, h.title(), h.subject(), h.height() + "x" + h.width(), "", "", "", h.note());
                }
            }
        return b.toString();
    }

    /** Marks a number Lucent formatted (never neutralised) apart from text (always checked). */
    private record Num(String s) {
    }

    private static Object num(double v) {
        return new Num(Double.isNaN(v) ? "" : Double.toString(v));
    }

    private static Object text(String s) {
        return s;
    }

    private static void row(StringBuilder b, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(',');
            Object c = cells[i];
            b.append(c instanceof Num n ? n.s() : cell((String) c));
        }
        b.append("\r\n");
    }

    /** One text cell: neutralised against formula injection, then quoted when it holds a separator, quote or line break. */
    public static String cell(String s) {
        if (s == null) return "";
        String t = s;
        if (!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0) t = "'" + t;
        if (t.indexOf(',') >= 0 || t.indexOf('"') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0)
            t = '"' + t.replace("\"", "\"\"") + '"';
        return t;
    }
}
