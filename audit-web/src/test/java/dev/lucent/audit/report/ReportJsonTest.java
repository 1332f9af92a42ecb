package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void roundTripKeepsEveryValueBitForBitAndTheHashes() {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        String json = ReportJson.write(r);
        AuditReport back = ReportJson.read(json);
        assertEquals(json, ReportJson.write(back), "write(read(x)) == x");
        assertEquals(r.findingsHash(), back.findingsHash());
        assertEquals(r.reportHash(), back.reportHash());
        FeatureAttribution a = (FeatureAttribution) back.runs().get(0).findings().get(1);
        assertArrayEquals(((FeatureAttribution) r.runs().get(0).findings().get(1)).values(), a.values(), 0.0);
        assertEquals(Reports.HOSTILE, a.features());
        assertTrue(Double.isNaN(a.uncertainty()[1]));
        Metric m = (Metric) back.runs().get(0).findings().get(2);
        assertEquals(0.1 + 0.2, m.value(), 0.0); // 0.30000000000000004 survives exactly
        assertEquals(Double.POSITIVE_INFINITY, m.upper());
        Curve c = (Curve) back.runs().get(0).findings().get(3);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(c.series().get(0).y()[1]));
        assertEquals(Double.MIN_VALUE, c.series().get(1).y()[0], 0.0);
        assertEquals(Double.MAX_VALUE, c.series().get(1).y()[1], 0.0);
    }

    @Test
    void hashesAreSha256OfTheCanonicalJson() throws Exception {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        String expected = HexFormat.of().formatHex(md.digest(ReportJson.findingsCanonical(r.runs()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, r.findingsHash());
        // the report hash covers the document without its own field
        String json = ReportJson.write(r);
        String withoutHash = json.substring(0, json.lastIndexOf(",\"reportHash\":")) + "}";
        assertEquals(HexFormat.of().formatHex(md.digest(withoutHash.getBytes(StandardCharsets.UTF_8))), r.reportHash());
    }

    @Test
    void sameFindingsSameFindingsHashWhateverTheTimes() {
        AuditReport a = Reports.report(Reports.HOSTILE, 0, T0);
        AuditReport b = Reports.report(Reports.HOSTILE, 0, T0.plusSeconds(3600));
        assertEquals(a.findingsHash(), b.findingsHash());
        assertNotEquals(a.reportHash(), b.reportHash());
    }

    @Test
    void oneUlpInOneValueChangesTheFindingsHash() {
        AuditReport a = Reports.report(Reports.HOSTILE, 0, T0);
        double v0 = ((FeatureAttribution) a.runs().get(0).findings().get(1)).values()[0];
        AuditReport b = Reports.report(Reports.HOSTILE, Math.ulp(v0), T0);
        assertNotEquals(a.findingsHash(), b.findingsHash());
    }

    @Test
    void tamperedReportIsRefusedOnRead() {
        String json = ReportJson.write(Reports.report(Reports.HOSTILE, 0, T0));
        String edited = json.replace("\"outcome\":\"PASS\"", "\"outcome\":\"FAIL\"");
        assertNotEquals(json, edited);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportJson.read(edited));
        assertTrue(e.getMessage().contains("findings hash mismatch"), e.getMessage());
        String retitled = json.replace("\"title\":\"Audit of", "\"title\":\"Audit  of");
        e = assertThrows(IllegalArgumentException.class, () -> ReportJson.read(retitled));
        assertTrue(e.getMessage().contains("report hash mismatch"), e.getMessage());
        assertNull(ReportJson.checkHashes(ReportJson.read(json)));
    }

    @Test
    void displayNamesAreSchemaOneOneAndSchemaOneStillReads() {
        AuditReport plain = Reports.report(Reports.HOSTILE, 0, T0);
        dev.lucent.audit.api.Provenance p = plain.provenance();
        dev.lucent.audit.api.Provenance named = new dev.lucent.audit.api.Provenance(p.modelFile(), p.modelSha256(), p.dataFile(),
                p.dataSha256(), p.testFile(), p.testSha256(), p.labelColumn(), p.split(), p.seed(), p.explainerVersions(),
                p.parameters(), p.lucentVersion(), p.started(), p.finished(), p.machine(), null, "Model " + Reports.HOSTILE.get(0),
                "bc.csv", null);
        AuditReport r = ReportJson.seal("n", "Audit of Model on bc.csv", "m", named, plain.runs());
        String json = ReportJson.write(r);
        assertTrue(json.startsWith("{\"schema\":\"lucent-report/1.3\""), json.substring(0, 40));
        assertTrue(json.contains("\"dataDisplayName\":\"bc.csv\""));
        assertFalse(json.contains("testDisplayName"), "absent names are not written");
        assertEquals(named, ReportJson.read(json).provenance());
        assertEquals(json, ReportJson.write(ReportJson.read(json)));
        String html = Reports.body(r, null);
        assertTrue(html.contains("bc.csv, stored as " + Html.esc(p.dataFile())), "the appendix names both");

        // a report written by the previous version (schema 1, no names) still reads, hashes intact
        String old = ReportJson.write(plain).replace("\"lucent-report/1.3\"", "\"lucent-report/1\"");
        int cut = old.lastIndexOf(",\"reportHash\":");
        String body = old.substring(0, cut) + "}";
        String rehashed = body.substring(0, body.length() - 1) + ",\"reportHash\":\"" + ReportJson.sha256(body) + "\"}";
        AuditReport read = ReportJson.read(rehashed);
        assertEquals("lucent-report/1", read.schema());
        assertNull(read.provenance().dataDisplayName());
        assertEquals(rehashed, ReportJson.write(read), "a schema 1 report writes back to its own bytes");
        assertThrows(IllegalArgumentException.class, () -> ReportJson.read(rehashed.replace("lucent-report/1\"", "lucent-report/9\"")));
    }

    @Test
    void hostileNamesAreEscapedInJson() {
        String json = ReportJson.write(Reports.report(Reports.HOSTILE, 0, T0));
        assertFalse(json.contains("<"), "no raw < in the JSON");
        assertFalse(json.contains(">"), "no raw > in the JSON");
        assertFalse(json.contains("'"), "no raw apostrophe");
        assertTrue(json.contains("\\u003cscript\\u003edocument.title=\\u0027pwned\\u0027\\u003c/script\\u003e"));
        assertTrue(json.contains("\\\" onmouseover=\\\"alert(1)"));
    }

    @Test
    void verdictsComeWorstFirst() {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        List<AuditReport.Entry> v = r.verdicts();
        assertEquals(Verdict.Outcome.ERROR, ((Verdict) v.get(0).finding()).outcome());
        assertEquals(Verdict.Outcome.PASS, ((Verdict) v.get(1).finding()).outcome());
        assertFalse(r.passed());
    }

    @Test
    void doublesRoundTripExactlyThroughWriterAndReader() {
        Random rnd = new Random(7);
        JsonWriter w = new JsonWriter().beginArray();
        double[] xs = new double[2000];
        for (int i = 0; i < xs.length; i++) {
            double d = Double.longBitsToDouble(rnd.nextLong());
            xs[i] = Double.isNaN(d) ? Double.NaN : d;
            w.value(xs[i]);
        }
        List<?> back = (List<?>) JsonReader.parse(w.endArray().toString());
        for (int i = 0; i < xs.length; i++)
            assertEquals(Double.doubleToLongBits(xs[i]), Double.doubleToLongBits(ReportJson.dbl(back.get(i))), "value " + i);
    }

    @Test
    void everyCharacterRoundTripsThroughStrings() {
        StringBuilder s = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) s.append(c);
        String text = s.toString();
        String json = new JsonWriter().value(text).toString();
        for (int i = 0; i < json.length(); i++) assertTrue(json.charAt(i) >= 0x20, "control character written raw at " + i);
        assertEquals(text, JsonReader.parse(json));
    }

    @Test
    void malformedJsonIsRefused() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,\"a\":2}", "\"\\x\"", "[1] 2", "[".repeat(100) + "]".repeat(100)))
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
    }
}
