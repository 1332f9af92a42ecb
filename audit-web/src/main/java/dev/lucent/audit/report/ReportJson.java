package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.network.api.data.Sha256;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's JSON form (schema {@value AuditReport#SCHEMA}, documented in docs/report-json.md), its
 * hashes, and the findings' wire form between the worker and the host. Writing is canonical (see
 * {@link JsonWriter}): the hashes are SHA-256 over these exact bytes.
 */
public final class ReportJson {
    private ReportJson() {
    }

    /** Fills in the hashes: findingsHash over the runs' findings, reportHash over everything else. */
    public static AuditReport seal(String id, String title, String modelName, Provenance provenance, List<ExplainerRun> runs) {
        String fh = sha256(findingsCanonical(runs));
        AuditReport unsealed = new AuditReport(AuditReport.SCHEMA, id, title, modelName, provenance, runs, fh, "");
        return new AuditReport(AuditReport.SCHEMA, id, title, modelName, provenance, runs, fh, sha256(body(unsealed)));
    }

    /** Recomputes both hashes; null when they match, else which one does not. */
    public static String checkHashes(AuditReport r) {
        if (!sha256(findingsCanonical(r.runs())).equals(r.findingsHash())) return "findings hash mismatch";
        if (!sha256(body(r)).equals(r.reportHash())) return "report hash mismatch";
        return null;
    }

    /** The whole report as one JSON document. */
    public static String write(AuditReport r) {
        String body = body(r);
        return body.substring(0, body.length() - 1) + ",\"reportHash\":" + JsonWriter.quoted(r.reportHash()) + "}";
    }

    /**
     * The JSON export: the report as {@link #write} gives it, led by {@code "notGenuine"} (why the journal does not
     * vouch for it) when that is given, so no reader takes an altered report for a signed one.
     */
    public static String export(AuditReport r, String notGenuine) {
        String json = withCompliance(write(r), r);
        return notGenuine == null ? json : "{\"notGenuine\":" + JsonWriter.quoted(NotGenuine.warning(notGenuine)) + "," + json.substring(1);
    }

    /**
     * The document with the compliance view ({@link Compliance}) appended after {@code reportHash}: derived from the
     * findings and the map's version, so it stands outside both hashes and a reader may ignore it.
     */
    static String withCompliance(String json, AuditReport r) {
        JsonWriter w = new JsonWriter();
        Compliance.json(w, Compliance.of(r));
        return json.substring(0, json.length() - 1) + ",\"compliance\":" + w + "}";
    }

    /** The canonical runs (id, version, status, findings) the findings hash covers. */
    public static String findingsCanonical(List<ExplainerRun> runs) {
        JsonWriter w = new JsonWriter().beginArray();
        for (ExplainerRun r : runs) {
            w.beginObject().field("explainer", r.explainerId()).field("version", r.version()).field("status", r.status().name());
            w.name("findings").beginArray();
            for (Finding f : r.findings()) finding(w, f);
            w.endArray().endObject();
        }
        return w.endArray().toString();
    }

    private static String body(AuditReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("schema", r.schema()).field("id", r.id()).field("title", r.title()).field("model", r.modelName());
        Map<Verdict.Outcome, Integer> c = r.counts();
        w.name("summary").beginObject().name("passed").value(r.passed());
        for (Verdict.Outcome o : Verdict.Outcome.values()) w.field(o.name().toLowerCase(), c.get(o));
        w.endObject();
        provenance(w.name("provenance"), r.provenance());
        w.name("runs").beginArray();
        for (ExplainerRun run : r.runs()) run(w, run);
        w.endArray();
        w.field("findingsHash", r.findingsHash());
        return w.endObject().toString();
    }

    private static void provenance(JsonWriter w, Provenance p) {
        w.beginObject().field("modelFile", p.modelFile()).field("modelSha256", p.modelSha256());
        if (p.modelFormat() != null) w.field("modelFormat", p.modelFormat()); // absent in older reports: their hashes hold
        w.field("dataFile", p.dataFile()).field("dataSha256", p.dataSha256())
                .field("testFile", p.testFile()).field("testSha256", p.testSha256())
                .field("labelColumn", p.labelColumn()).field("split", p.split()).field("seed", p.seed());
        // 1.1: written only when present, so a 1.0 report reads back to the very bytes its hash covers
        if (p.modelDisplayName() != null) w.field("modelDisplayName", p.modelDisplayName());
        if (p.dataDisplayName() != null) w.field("dataDisplayName", p.dataDisplayName());
        if (p.testDisplayName() != null) w.field("testDisplayName", p.testDisplayName());
        if (p.currentFile() != null) w.field("currentFile", p.currentFile()).field("currentSha256", p.currentSha256());
        if (p.currentDisplayName() != null) w.field("currentDisplayName", p.currentDisplayName());
        stringMap(w.name("explainerVersions"), p.explainerVersions());
        w.name("parameters").beginObject();
        p.parameters().forEach((k, v) -> stringMap(w.name(k), v));
        w.endObject();
        if (!p.defaults().isEmpty()) { // 1.2, written only when present (older reports keep their bytes and hashes)
            w.name("parameterDefaults").beginObject();
            p.defaults().forEach((k, v) -> stringMap(w.name(k), v));
            w.endObject();
        }
        w.field("lucentVersion", p.lucentVersion()).field("started", p.started().toString())
                .field("finished", p.finished().toString());
        stringMap(w.name("machine"), p.machine());
        w.endObject();
    }

    private static void stringMap(JsonWriter w, Map<String, String> m) {
        w.beginObject();
        m.forEach(w::field);
        w.endObject();
    }

    static void run(JsonWriter w, ExplainerRun r) {
        w.beginObject().field("explainer", r.explainerId()).field("name", r.name()).field("version", r.version())
                .field("family", r.family()).field("bundle", r.bundle()).field("bundleVersion", r.bundleVersion())
                .field("status", r.status().name()).field("millis", r.millis());
        if (r.cpuMillis() >= 0) w.field("cpuMillis", r.cpuMillis()); // 1.3, only when measured: older reports keep their bytes and hashes
        w.name("findings").beginArray();
        for (Finding f : r.findings()) finding(w, f);
        w.endArray().endObject();
    }

    /** One finding, tagged with its kind. */
    public static void finding(JsonWriter w, Finding f) {
        w.beginObject().field("kind", kind(f)).field("title", f.title()).field("stage", f.stage() == null ? null : f.stage().name());
        if (f instanceof FeatureAttribution a) {
            w.field("subject", a.subject()).name("features").strings(a.features());
            w.name("values").values(a.values()).name("uncertainty").values(a.uncertainty()).field("note", a.note());
        } else if (f instanceof ImageHeatmap h) {
            w.field("subject", h.subject()).field("height", h.height()).field("width", h.width());
            w.name("values").values(h.values()).name("image").values(h.image()).field("note", h.note());
            if (h.colourScale() != null) w.field("colourScale", h.colourScale()); // only when set: other heatmaps' bytes (and seals) stay
        } else if (f instanceof Curve c) {
            w.field("xLabel", c.xLabel()).field("yLabel", c.yLabel()).name("series").beginArray();
            for (Curve.Series s : c.series())
                w.beginObject().field("name", s.name()).name("x").values(s.x()).name("y").values(s.y()).endObject();
            w.endArray().field("note", c.note());
        } else if (f instanceof Table t) {
            w.name("columns").strings(t.columns()).name("rows").beginArray();
            for (List<String> row : t.rows()) w.strings(row);
            w.endArray().field("note", t.note());
            if (!t.emphasized().isEmpty()) { // only when there are some, so the bytes (and seals) of other tables stay as they were
                w.name("emphasized").beginArray();
                for (Table.Cell c : t.emphasized()) w.beginArray().value(c.row()).value(c.column()).endArray();
                w.endArray();
            }
        } else if (f instanceof Metric m) {
            w.field("name", m.name()).field("value", m.value()).field("lower", m.lower())
                    .field("upper", m.upper()).field("confidence", m.confidence()).field("note", m.note());
        } else if (f instanceof Verdict v) {
            w.field("outcome", v.outcome().name()).field("summary", v.summary())
                    .name("evidence").strings(v.evidence()).field("remedy", v.remedy());
        }
        w.endObject();
    }

    static String kind(Finding f) {
        if (f instanceof FeatureAttribution) return "feature-attribution";
        if (f instanceof ImageHeatmap) return "image-heatmap";
        if (f instanceof Curve) return "curve";
        if (f instanceof Table) return "table";
        if (f instanceof Metric) return "metric";
        return "verdict";
    }

    // ---- reading ----

    /** Reads a report written by {@link #write} and checks its hashes. */
    public static AuditReport read(String json) {
        Map<String, Object> m = obj(JsonReader.parse(json), "report");
        String schema = str(m, "schema");
        if (!AuditReport.READABLE.contains(schema)) throw new IllegalArgumentException("unknown report schema " + schema);
        List<ExplainerRun> runs = new ArrayList<>();
        for (Object o : list(m, "runs")) runs.add(readRun(obj(o, "run")));
        AuditReport r = new AuditReport(schema, str(m, "id"), str(m, "title"), str(m, "model"),
                readProvenance(obj(m.get("provenance"), "provenance")), runs, str(m, "findingsHash"), str(m, "reportHash"));
        String bad = checkHashes(r);
        if (bad != null) throw new IllegalArgumentException("report " + r.id() + ": " + bad);
        return r;
    }

    private static Provenance readProvenance(Map<String, Object> p) {
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        obj(p.get("parameters"), "parameters").forEach((k, v) -> params.put(k, strMap(v)));
        Map<String, Map<String, String>> defaults = new LinkedHashMap<>();
        if (p.get("parameterDefaults") != null)
            obj(p.get("parameterDefaults"), "parameterDefaults").forEach((k, v) -> defaults.put(k, strMap(v)));
        return new Provenance(str(p, "modelFile"), str(p, "modelSha256"), str(p, "dataFile"), str(p, "dataSha256"),
                str(p, "testFile"), str(p, "testSha256"), str(p, "labelColumn"), str(p, "split"), lng(p, "seed"),
                strMap(p.get("explainerVersions")), params, str(p, "lucentVersion"), Instant.parse(str(p, "started")),
                Instant.parse(str(p, "finished")), strMap(p.get("machine")), str(p, "modelFormat"), str(p, "modelDisplayName"),
                str(p, "dataDisplayName"), str(p, "testDisplayName"), defaults, str(p, "currentFile"), str(p, "currentSha256"),
                str(p, "currentDisplayName"));
    }

    public static ExplainerRun readRun(Map<String, Object> m) {
        List<Finding> fs = new ArrayList<>();
        for (Object o : list(m, "findings")) fs.add(readFinding(obj(o, "finding")));
        return new ExplainerRun(new ExplainerRef(str(m, "explainer"), str(m, "name"), str(m, "version"), str(m, "family"),
                str(m, "bundle"), str(m, "bundleVersion")), ExplainerRun.Status.valueOf(str(m, "status")), fs, lng(m, "millis"),
                m.get("cpuMillis") == null ? -1 : lng(m, "cpuMillis"));
    }

    public static Finding readFinding(Map<String, Object> m) {
        String title = str(m, "title");
        String st = str(m, "stage");
        Stage stage = st == null ? null : Stage.valueOf(st);
        return switch (String.valueOf(str(m, "kind"))) {
            case "feature-attribution" -> new FeatureAttribution(title, stage, str(m, "subject"), strings(m, "features"),
                    doubles(m, "values"), doubles(m, "uncertainty"), str(m, "note"));
            case "image-heatmap" -> new ImageHeatmap(title, stage, str(m, "subject"), (int) lng(m, "height"), (int) lng(m, "width"),
                    doubles(m, "values"), doubles(m, "image"), str(m, "note"), str(m, "colourScale"));
            case "curve" -> {
                List<Curve.Series> series = new ArrayList<>();
                for (Object o : list(m, "series")) {
                    Map<String, Object> s = obj(o, "series");
                    series.add(new Curve.Series(str(s, "name"), doubles(s, "x"), doubles(s, "y")));
                }
                yield new Curve(title, stage, str(m, "xLabel"), str(m, "yLabel"), series, str(m, "note"));
            }
            case "table" -> {
                List<List<String>> rows = new ArrayList<>();
                for (Object o : list(m, "rows")) rows.add(stringList(o));
                List<Table.Cell> emphasized = new ArrayList<>();
                if (m.get("emphasized") != null)
                    for (Object o : list(m, "emphasized")) {
                        List<?> at = (List<?>) o;
                        emphasized.add(new Table.Cell((int) dbl(at.get(0)), (int) dbl(at.get(1))));
                    }
                yield new Table(title, stage, strings(m, "columns"), rows, str(m, "note"), emphasized);
            }
            case "metric" -> new Metric(title, stage, str(m, "name"), dbl(m.get("value")), dbl(m.get("lower")),
                    dbl(m.get("upper")), dbl(m.get("confidence")), str(m, "note"));
            case "verdict" -> new Verdict(title, stage, Verdict.Outcome.valueOf(str(m, "outcome")), str(m, "summary"),
                    strings(m, "evidence"), str(m, "remedy"));
            default -> throw new IllegalArgumentException("unknown finding kind " + str(m, "kind"));
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    static List<?> list(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o instanceof List<?> l) return l;
        throw new IllegalArgumentException(key + " is not a JSON array");
    }

    static String str(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null || o instanceof String) return (String) o;
        throw new IllegalArgumentException(key + " is not a string");
    }

    static long lng(Map<String, Object> m, String key) {
        if (m.get(key) instanceof JsonReader.Num n) return n.asLong();
        throw new IllegalArgumentException(key + " is not a whole number");
    }

    static double dbl(Object o) {
        if (o instanceof JsonReader.Num n) return n.asDouble();
        if (o instanceof String s) return Double.parseDouble(s); // "NaN", "Infinity", "-Infinity"
        throw new IllegalArgumentException("not a number: " + o);
    }

    static double[] doubles(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null) return null;
        List<?> l = (List<?>) o;
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = dbl(l.get(i));
        return d;
    }

    static List<String> strings(Map<String, Object> m, String key) {
        return stringList(m.get(key));
    }

    static List<String> stringList(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : (List<?>) o) out.add((String) x);
        return out;
    }

    static Map<String, String> strMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        obj(o, "map").forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    public static String sha256(String s) {
        return Sha256.hex(s);
    }
}
