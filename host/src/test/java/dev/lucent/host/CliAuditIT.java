package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a pipeline uses it, on the packaged jar: train then audit the breast-cancer MLP, every installed
 * explainer in the JSON, HTML that fetches nothing, replay by findings hash, a malformed CSV named by line,
 * and a worker JVM killed in mid-explainer that costs only that explainer.
 */
class CliAuditIT {

    @TempDir
    static Path dir;
    static Path csv;
    static Path model;
    static Path data;

    static final Duration LIMIT = Duration.ofMinutes(8);

    @BeforeAll
    static void train() throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "breast_cancer.csv");
        List<String> lines = Files.readAllLines(shared);
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 30; i++) header.append("f").append(i).append(',');
        header.append("diagnosis");
        List<String> out = new ArrayList<>();
        out.add(header.toString());
        out.addAll(lines.subList(1, lines.size()));
        csv = dir.resolve("bc.csv");
        Files.write(csv, out);
        data = dir.resolve("data");
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data", csv.toString(),
                "--label", "diagnosis", "--out", dir.resolve("model").toString(), "--epochs", "30", "--seed", "7");
        assertEquals(0, r.exitCode(), r.err());
        model = dir.resolve("model");
        assertTrue(Files.isRegularFile(model.resolve("model.lucent")));
        assertTrue(r.out().contains("test accuracy"), r.out());
    }

    static String hash(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([0-9a-f]{64})\"").matcher(json);
        assertTrue(m.find(), field + " in the JSON");
        return m.group(1);
    }

    @Test
    void auditCoversEveryInstalledExplainerAndReplaysBitForBit() throws Exception {
        Set<String> ids = LucentProcess.installedExplainers(dir, LIMIT, data);
        assertTrue(ids.size() >= 20, "explainers installed: " + ids);

        Path json = dir.resolve("r1.json"), html = dir.resolve("r1.html"), csvOut = dir.resolve("r1.csv"), pdf = dir.resolve("r1.pdf");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(),
                "--data", csv.toString(), "--label", "diagnosis", "--json", json.toString(), "--out", html.toString(),
                "--csv", csvOut.toString(), "--pdf", pdf.toString(), "--seed", "3");
        assertTrue(List.of(0, 1, 3).contains(a.exitCode()), "exit " + a.exitCode() + ": " + a.err());
        String j = Files.readString(json);
        for (String id : ids)
            assertTrue(j.contains("{\"explainer\":\"" + id + "\""), "JSON has a run of " + id);
        assertFalse(j.contains("\"status\":\"ERROR\""), "no explainer failed on the breast-cancer MLP");
        for (String family : List.of("saliency", "integrated", "shap", "permutation", "overfit", "calibration", "membership"))
            assertTrue(j.toLowerCase(Locale.ROOT).contains(family), family);
        assertEquals(a.exitCode() == 0, j.contains("\"summary\":{\"passed\":true"), "exit code follows the verdicts");

        String h = Files.readString(html).toLowerCase(Locale.ROOT);
        assertFalse(Pattern.compile("<script|<link|<iframe|<img|\\ssrc=|href=\"http|@import|url\\(").matcher(h).find(),
                "the HTML report fetches nothing");
        assertTrue(h.contains("<svg"), "charts are inline SVG");
        assertTrue(h.contains("begin public key"), "the export carries the signing key");
        assertTrue(Files.readString(csvOut).startsWith("explainer,kind,stage,title"));
        // the PDF, rendered inside the OSGi framework: the same report, signed, with the key, charts as drawings
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            assertTrue(doc.getNumberOfPages() > 1, "pages: " + doc.getNumberOfPages());
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertTrue(text.contains("Auditofmodel(bc-mlp)onbc.csv"), "titled by the names the CLI was given");
            assertTrue(text.contains("Ed25519signature") && text.contains("-----BEGINPUBLICKEY-----"), "signed, with the key");
            assertTrue(text.contains(hash(j, "reportHash")), "the report hash");
            assertTrue(text.contains("Verdicts") && text.contains("Appendix:provenance"), "verdicts and provenance");
        }

        // Replay: the same inputs give the same findings, bit for bit; the report itself (id, times) differs.
        Path json2 = dir.resolve("r2.json");
        LucentProcess.Result b = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(),
                "--data", csv.toString(), "--label", "diagnosis", "--json", json2.toString(), "--seed", "3");
        assertEquals(a.exitCode(), b.exitCode(), b.err());
        String j2 = Files.readString(json2);
        assertEquals(hash(j, "findingsHash"), hash(j2, "findingsHash"), "replay gives the same findings hash");
        assertNotEquals(hash(j, "reportHash"), hash(j2, "reportHash"));

        // Both reports are in the signed journal, which verifies.
        LucentProcess.Result v = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "verify");
        assertEquals(0, v.exitCode(), v.out() + v.err());

        // Each run printed the journal's head as of its report (stderr) and the export carries it: a head kept
        // from the first run is still a prefix of the journal after the second (issue #19 point 5).
        java.util.regex.Matcher head = Pattern.compile("journal head ([0-9]+:[0-9a-f]{64})").matcher(a.err());
        assertTrue(head.find(), "audit prints the head: " + a.err());
        assertTrue(Files.readString(html).contains(head.group(1)), "the export carries the same head");
        LucentProcess.Result since = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "verify", "--since", head.group(1));
        assertEquals(0, since.exitCode(), since.out() + since.err());
        assertTrue(since.out().contains("journal extends the head " + head.group(1)), since.out());
    }

    @Test
    void aDifferentSeedGivesDifferentFindings() throws Exception {
        Path j1 = dir.resolve("s1.json"), j2 = dir.resolve("s2.json");
        for (String[] s : new String[][]{{"1", j1.toString()}, {"2", j2.toString()}}) {
            LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("data-seeds").toString(), "audit", "--model",
                    model.toString(), "--data", csv.toString(), "--label", "diagnosis", "--explainers", "kernel-shap",
                    "--json", s[1], "--seed", s[0]);
            assertTrue(List.of(0, 1, 3).contains(r.exitCode()), r.err());
        }
        assertNotEquals(hash(Files.readString(j1), "findingsHash"), hash(Files.readString(j2), "findingsHash"),
                "the seed reaches the explainers (else the replay test proves nothing)");
    }

    @Test
    void malformedCsvExitsTwoNamingTheLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,label\n1,2,0\n3,x,1\n");
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data", bad.toString(),
                "--label", "label", "--out", dir.resolve("m2").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("line 3"), r.err());
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(),
                "--data", bad.toString(), "--label", "label");
        assertEquals(2, a.exitCode(), a.err());
        String last = a.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("lucent audit: ") && last.contains("bad.csv"), last);
        LucentProcess.Result u = LucentProcess.run(dir, LIMIT, "audit", "--model", model.toString(), "--bogus", "1");
        assertEquals(2, u.exitCode());
        assertTrue(u.err().contains("unknown option '--bogus'"), u.err());
    }

    @Test
    void aKilledWorkerCostsOnlyTheExplainerInFlight() throws Exception {
        Path json = dir.resolve("killed.json");
        Path kdata = dir.resolve("data-kill");
        // 100000 epochs keep the probe busy far longer than this test waits: the kill lands while it runs.
        ProcessBuilder pb = LucentProcess.command(dir, "--data", kdata.toString(), "audit", "--model", model.toString(),
                "--data", csv.toString(), "--label", "diagnosis", "--explainers", "saliency,shuffled-label-probe,roc-pr",
                "--param", "shuffled-label-probe.epochs=100000", "--json", json.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process audit = pb.start();
        List<String> err = new ArrayList<>();
        boolean killed = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(audit.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                err.add(line);
                if (!killed && line.contains("shuffled-label-probe:") && line.contains("started")) {
                    List<ProcessHandle> workers = audit.descendants()
                            .filter(p -> p.info().commandLine().orElse("").contains(" worker ")).toList();
                    // one worker, or two lanes taking every other explainer: lane 1 (job-lane1-*) then runs the probe alone
                    if (workers.size() == 2)
                        workers = workers.stream().filter(p -> p.info().commandLine().orElse("").contains("job-lane1-")).toList();
                    assertEquals(1, workers.size(), "one worker JVM runs the probe");
                    workers.get(0).destroyForcibly();
                    killed = true;
                }
            }
        }
        assertTrue(audit.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "audit finished");
        assertTrue(killed, "the probe started: " + err);
        assertEquals(3, audit.exitValue(), "an explainer error and no failed verdict: the audit is incomplete (exit 3): " + err);
        String j = Files.readString(json);
        Matcher probe = Pattern.compile("\\{\"explainer\":\"shuffled-label-probe\"[^{]*\"status\":\"ERROR\"").matcher(j);
        assertTrue(probe.find(), "the killed explainer is an ERROR run");
        assertTrue(j.contains("explainer shuffled-label-probe (plugin/bundle lucent-explainers-overfitting"),
                "the error verdict names the explainer and its bundle");
        assertTrue(j.contains("ended its worker JVM"));
        for (String ok : List.of("saliency", "roc-pr"))
            assertTrue(Pattern.compile("\\{\"explainer\":\"" + ok + "\"[^{]*\"status\":\"OK\"").matcher(j).find(), ok + " finished");
        assertTrue(j.contains("\"kind\":\"curve\",\"title\":\"ROC curve\""), "roc-pr (after the kill) has its findings");
        assertTrue(Files.readString(kdata.resolve("explainer-failures.properties")).contains("shuffled-label-probe.streak=1"),
                "the failure counts towards quarantine");
    }

    @Test
    void anExplainerOverItsTimeLimitIsStopped() throws IOException, InterruptedException {
        Path json = dir.resolve("slow.json");
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("data-slow").toString(), "audit", "--model",
                model.toString(), "--data", csv.toString(), "--label", "diagnosis", "--explainers", "shuffled-label-probe,saliency",
                "--param", "shuffled-label-probe.epochs=100000", "--time-limit", "3", "--json", json.toString());
        assertEquals(3, r.exitCode(), "an explainer errored and none failed: the audit is incomplete (exit 3)\n" + r.err());
        String j = Files.readString(json);
        assertTrue(j.contains("time limit of 3"), "the error says why");
        assertTrue(Pattern.compile("\\{\"explainer\":\"saliency\"[^{]*\"status\":\"OK\"").matcher(j).find());
    }

    @Test
    void hostileNamesFromTheCsvStayTextInEveryExport() throws Exception {
        List<String> names = List.of("<script>document.title='x'</script>", "\" onmouseover=\"alert(1)",
                "<img src=x onerror=alert(1)>", "[[${T(java.lang.Runtime).getRuntime().exec('id')}]]", "__${7*7}__");
        List<String> classes = List.of("<b onclick=alert(1)>benign</b>", "=cmd|' /C calc'!A0");
        List<String> lines = Files.readAllLines(csv);
        StringBuilder b = new StringBuilder();
        for (String n : names) b.append(n.contains("\"") ? "\"" + n.replace("\"", "\"\"") + "\"" : n).append(',');
        b.append("diagnosis\n");
        for (String line : lines.subList(1, 301)) {
            String[] cells = line.split(",");
            b.append(String.join(",", List.of(cells).subList(0, 5))).append(',')
                    .append(classes.get((int) Double.parseDouble(cells[cells.length - 1]))).append('\n');
        }
        Path hostile = dir.resolve("hostile.csv");
        Files.writeString(hostile, b);
        Path hdata = dir.resolve("data-hostile");
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", hdata.toString(), "train", "--data", hostile.toString(),
                "--label", "diagnosis", "--out", dir.resolve("hostile-model").toString(), "--epochs", "3", "--hidden", "8");
        assertEquals(0, t.exitCode(), t.err());
        Path html = dir.resolve("h.html"), json = dir.resolve("h.json"), out = dir.resolve("h.csv"), pdf = dir.resolve("h.pdf");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", hdata.toString(), "audit", "--model",
                dir.resolve("hostile-model").toString(), "--data", hostile.toString(), "--label", "diagnosis",
                "--explainers", "saliency,classification-metrics,class-balance", "--out", html.toString(),
                "--json", json.toString(), "--csv", out.toString(), "--pdf", pdf.toString());
        assertTrue(List.of(0, 1, 3).contains(a.exitCode()), a.err());

        String h = Files.readString(html);
        StringBuilder tags = new StringBuilder();
        Matcher m = Pattern.compile("<[a-zA-Z!/][^>]*>").matcher(h);
        while (m.find()) tags.append(m.group().toLowerCase(Locale.ROOT)).append('\n');
        // the only links are the report's own contents and evidence links, to its own sections
        assertFalse(Pattern.compile("<script|<img|<b[ >]|\\son[a-z]+=|\\ssrc=|href=\"(?!#)").matcher(tags).find(),
                "no markup from the CSV: " + tags);
        assertTrue(h.contains("&lt;script&gt;document.title=&#39;x&#39;&lt;/script&gt;"), "feature name shown as text");
        assertTrue(h.contains("&lt;b onclick=alert(1)&gt;benign&lt;/b&gt;"), "class name shown as text");
        assertTrue(h.contains("[[${T(java.lang.Runtime).getRuntime().exec(&#39;id&#39;)}]]"), "template syntax left literal");

        String j = Files.readString(json);
        assertFalse(j.contains("<") || j.contains(">"), "no raw angle brackets in the JSON");
        assertTrue(j.contains("\\u003cscript\\u003edocument.title=\\u0027x\\u0027"), "feature name escaped in the JSON");

        for (String cell : csvCells(Files.readString(out)))
            assertFalse(!cell.isEmpty() && "=+@\t\r".indexOf(cell.charAt(0)) >= 0, "formula cell in the CSV export: " + cell);
        assertTrue(Files.readString(out).contains("'=cmd|"), "the class name is kept, neutralised");

        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            // the attribution bars label features with their first 29 characters (then an ellipsis), as in the HTML
            for (String n : names)
                assertTrue(text.contains(n.substring(0, Math.min(n.length(), 29)).replaceAll("\\s+", "")),
                        "feature name as literal text in the PDF: " + n + " in " + text);
            assertTrue(text.contains("<bonclick=alert(1)>benign</b>"), "class name as literal text in the PDF");
        }
    }

    @Test
    void aFailedVerdictExitsOne() throws Exception {
        // No model is calibrated to within 1e-9: the calibration verdict fails, and so does the pipeline step.
        Path json = dir.resolve("fail.json");
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("data-fail").toString(), "audit", "--model",
                model.toString(), "--data", csv.toString(), "--label", "diagnosis", "--explainers", "calibration",
                "--param", "calibration.max-ece=1e-9", "--json", json.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED") && r.out().contains("FAIL calibration:"), r.out());
        String j = Files.readString(json);
        assertTrue(j.contains("\"summary\":{\"passed\":false") && j.contains("\"outcome\":\"FAIL\""));
        assertTrue(j.contains("\"parameters\":{\"calibration\":{\"max-ece\":\"1e-9\"}}"), "parameters recorded");
    }

    @Test
    void aWorkerDoesNotOutliveItsHost() throws Exception {
        ProcessBuilder pb = LucentProcess.command(dir, "--data", dir.resolve("data-orphan").toString(), "audit", "--model",
                model.toString(), "--data", csv.toString(), "--label", "diagnosis", "--explainers", "shuffled-label-probe",
                "--param", "shuffled-label-probe.epochs=100000");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process audit = pb.start();
        ProcessHandle worker = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(audit.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("shuffled-label-probe:") && line.contains("started")) {
                    worker = audit.descendants().filter(p -> p.info().commandLine().orElse("").contains(" worker ")).findFirst().orElseThrow();
                    audit.destroyForcibly(); // the host dies without a word to its worker
                    break;
                }
            }
        }
        assertTrue(worker != null, "the worker started");
        assertTrue(audit.waitFor(30, TimeUnit.SECONDS));
        worker.onExit().get(60, TimeUnit.SECONDS); // throws TimeoutException if the orphan keeps running
        assertFalse(worker.isAlive());
    }

    /** Every cell of an RFC 4180 document. */
    static List<String> csvCells(String csv) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r' || i + 1 >= csv.length() || csv.charAt(i + 1) != '\n') cell.append(c);
        }
        return cells;
    }
}
