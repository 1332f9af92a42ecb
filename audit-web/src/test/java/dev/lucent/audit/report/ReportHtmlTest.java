package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ReportStore;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void hostileNamesComeOutAsTextOnly() {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        String html = Reports.html(r, null);
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "no script element");
        assertFalse(lower.contains("<img"), "no img element");
        String tags = tags(lower);
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=").matcher(tags).find(), "no event handler attribute");
        assertFalse(tags.replace("href=\"#", "").contains("href="), "no link but to the report's own sections");
        assertTrue(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
        assertTrue(html.contains("&quot; onmouseover=&quot;alert(1)"));
        assertTrue(html.contains("[[${T(java.lang.Runtime).getRuntime().exec(&#39;id&#39;)}]]"), "template text stays literal");
        assertTrue(html.contains("__${7*7}__"));
        // every element the renderer writes is one of its own: the payloads add none
        Matcher m = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
        java.util.Set<String> allowed = java.util.Set.of("html", "head", "meta", "title", "style", "body", "article", "h1", "h2",
                "h3", "h4", "p", "span", "section", "details", "summary", "strong", "br", "ul", "li", "figure", "figcaption", "svg",
                "line", "text", "rect", "polyline", "circle", "table", "thead", "tbody", "tr", "th", "td", "div", "pre", "code",
                "footer", "nav", "ol", "a");
        while (m.find()) assertTrue(allowed.contains(m.group(1).toLowerCase(Locale.ROOT)), "unexpected element <" + m.group(1));
    }

    @Test
    void standaloneFetchesNothing() {
        String html = Reports.html(Reports.report(Reports.HOSTILE, 0, T0), null).toLowerCase(Locale.ROOT);
        String tags = tags(html);
        assertFalse(tags.contains(" src="), "no src attribute");
        assertFalse(tags.replace("href=\"#", "").contains("href="), "no link but to the report's own sections");
        assertFalse(html.contains("<link"), "no link element");
        assertFalse(html.contains("@import"), "no CSS import");
        assertFalse(html.contains("url("), "no CSS url()");
        assertTrue(html.contains("content-security-policy"), "a CSP forbids what slipped through");
        assertTrue(html.contains("default-src 'none'"));
    }

    /** The markup alone: every tag the document has (escaped text holds no raw '<'). */
    static String tags(String html) {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("<[a-zA-Z!/][^>]*>").matcher(html);
        while (m.find()) b.append(m.group()).append('\n');
        return b.toString();
    }

    @Test
    void verdictsBeforeStagesBeforeAppendix() {
        String html = Reports.body(Reports.report(Reports.HOSTILE, 0, T0), null);
        int verdicts = html.indexOf("<h2>Verdicts</h2>");
        int validation = html.indexOf("<h2>Validation</h2>");
        int explanations = html.indexOf("<h2>Explanations</h2>");
        int appendix = html.indexOf("<h2>Appendix: provenance</h2>");
        assertTrue(verdicts >= 0 && verdicts < validation && validation < explanations && explanations < appendix,
                verdicts + " " + validation + " " + explanations + " " + appendix);
        // the error verdict (worst) comes before the pass verdict
        assertTrue(html.indexOf("Broken failed") < html.indexOf("verdict</strong>"));
    }

    @Test
    void exportCarriesSignatureAndPublicKey() {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        ReportStore.StoredReport s = new ReportStore.StoredReport(r.id(), r.title(), T0, r.reportHash(), r.findingsHash(),
                1, 0, 0, 1, 0, "Seed 1", 7, "ee".repeat(32), "ff".repeat(64), "aa".repeat(32),
                "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA<b>\n-----END PUBLIC KEY-----\n", null);
        String html = Reports.html(r, s);
        assertTrue(html.contains("ff".repeat(64)));
        assertTrue(html.contains("MCowBQYDK2VwAyEA&lt;b&gt;"));
        assertTrue(html.contains(r.reportHash()));
    }

    @Test
    void attributionBarsPointTheWayOfTheirSign() {
        dev.lucent.explain.api.FeatureAttribution a = new dev.lucent.explain.api.FeatureAttribution("t",
                dev.lucent.explain.api.Stage.EXPLANATIONS, "s", java.util.List.of("up", "down"), new double[]{2, -1}, null, null);
        Charts.Bars bars = Charts.bars(a, 10);
        Charts.Box up = bars.bars().get(0).bar(), down = bars.bars().get(1).bar();
        double x1 = Double.parseDouble(up.x()), w1 = Double.parseDouble(up.width());
        assertEquals(Charts.POS, up.fill());
        double x2 = Double.parseDouble(down.x()), w2 = Double.parseDouble(down.width());
        assertEquals(Charts.NEG, down.fill());
        assertEquals(x1, x2 + w2, 0.011, "the negative bar ends where the positive one starts: the zero line");
        assertEquals(2.0, w1 / w2, 0.01, "bar lengths are proportional to |value|");
    }
}
