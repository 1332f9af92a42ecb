package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fairness through the CLI on the packaged jar. Breast cancer with a planted bias (scripts/planted-bias.py, seed
 * 16: 60% of the malignant training rows of sex 2 labelled benign): the model trained on it fails equal
 * opportunity on the clean test rows (exit 1), with the findings and their intervals in HTML, JSON, PDF and on
 * the console; the unbiased twin passes (exit 0). The shared diabetes data grouped by sex (coded 1/2, in the CSV's
 * units although the Lucent model standardizes it). A bad attribute list and an unknown column exit 2 in one line.
 */
class FairnessCliIT {

    @TempDir
    static Path dir;
    static Path generated;
    static Path data;

    static final Duration LIMIT = Duration.ofMinutes(8);
    static final String EXPLAINERS = "group-fairness,group-recall-thresholds,group-error-gaps";

    @BeforeAll
    static void generate() throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));
        generated = dir.resolve("planted");
        Path script = Path.of(System.getProperty("lucent.scripts", "../scripts")).resolve("planted-bias.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), shared.resolve("breast_cancer.csv").toString(),
                generated.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        assertTrue(out.contains("171 test rows and 398 training rows"), out);
        data = dir.resolve("data");
    }

    static Path train(String csv, String name) throws Exception {
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data",
                generated.resolve(csv).toString(), "--label", "diagnosis", "--out", dir.resolve(name).toString(), "--epochs", "30", "--seed", "7");
        assertEquals(0, r.exitCode(), r.err());
        return dir.resolve(name);
    }

    static LucentProcess.Result audit(Path model, String csv, String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "audit", "--model", model.toString(), "--data",
                generated.resolve(csv).toString(), "--test", generated.resolve("bc-test.csv").toString(), "--label", "diagnosis",
                "--explainers", EXPLAINERS, "--json", dir.resolve(name + ".json").toString(), "--out", dir.resolve(name + ".html").toString(),
                "--pdf", dir.resolve(name + ".pdf").toString(), "--seed", "3"));
        args.addAll(List.of(more));
        return LucentProcess.run(dir, LIMIT, args.toArray(String[]::new));
    }

    @Test
    void thePlantedBiasFailsInEveryExportAndItsTwinPasses() throws Exception {
        Path biased = train("bc-biased-train.csv", "biased");
        LucentProcess.Result r = audit(biased, "bc-biased-train.csv", "biased", "--sensitive", "sex");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL group-fairness: Equal opportunity (recall) across sex"), r.out());
        String json = Files.readString(dir.resolve("biased.json"));
        assertTrue(json.contains("\"name\":\"equal opportunity difference\""), "the gap as a metric");
        assertTrue(json.contains("\"group-fairness\":{\"sensitive\":\"sex\"}"), "the attributes recorded with the parameters");
        assertTrue(json.contains("sex = 1") && json.contains("sex = 2"), "groups labelled in the CSV's units");
        assertTrue(json.contains("regression metrics need real-valued predictions"), "the regression explainer says it does not apply");
        String html = Files.readString(dir.resolve("biased.html"));
        assertTrue(html.contains("Fairness by sex") && html.contains("Equal opportunity (recall) across sex"), "HTML");
        assertTrue(html.contains("Thresholds equalising recall across sex"), "the mitigation hint");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(dir.resolve("biased.pdf").toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertTrue(text.contains("Fairnessbysex") && text.contains("Equalopportunitydifferenceacrosssex"), "PDF");
        }

        Path fair = train("bc-fair-train.csv", "fair");
        LucentProcess.Result t = audit(fair, "bc-fair-train.csv", "fair", "--sensitive", "sex");
        assertEquals(0, t.exitCode(), t.out() + t.err());
        String twin = Files.readString(dir.resolve("fair.json"));
        assertTrue(twin.contains("\"name\":\"equal opportunity difference\""), "judged, not skipped");
        assertTrue(!twin.contains("\"outcome\":\"FAIL\""), "the twin passes");

        LucentProcess.Result bad = audit(fair, "bc-fair-train.csv", "bad", "--sensitive", "sex:young");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("sensitive attribute sex: 'young' is neither bins"), bad.err());
        LucentProcess.Result unknown = audit(fair, "bc-fair-train.csv", "unknown", "--sensitive", "gender");
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("sensitive attributes: bc-fair-train.csv has no feature column 'gender'"), unknown.err());
    }

    /**
     * The CLI trains and audits classifiers only, so the diabetes target is read as a class: progression above 140
     * (about the median). Sex is coded 1/2 in the file; the model sees it standardized.
     */
    @Test
    void diabetesIsGroupedBySexInTheCsvUnits() throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));
        List<String> x = gunzip(shared.resolve("diabetes_data_raw.csv.gz")), y = gunzip(shared.resolve("diabetes_target.csv.gz"));
        List<String> rows = new ArrayList<>(List.of("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progressed"));
        for (int i = 0; i < x.size(); i++)
            rows.add(String.join(",", x.get(i).trim().split("\\s+")) + "," + (Double.parseDouble(y.get(i).trim()) > 140 ? "yes" : "no"));
        Path csv = dir.resolve("diabetes.csv");
        Files.write(csv, rows);
        LucentProcess.Result tr = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data", csv.toString(),
                "--label", "progressed", "--out", dir.resolve("diabetes").toString(), "--epochs", "30", "--seed", "7");
        assertEquals(0, tr.exitCode(), tr.err());
        Path json = dir.resolve("diabetes.json");
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", dir.resolve("diabetes").toString(),
                "--data", csv.toString(), "--label", "progressed", "--explainers", EXPLAINERS + ",subgroup-gaps", "--sensitive", "sex",
                "--param", "subgroup-gaps.feature=sex", "--param", "subgroup-gaps.values=1,2", "--json", json.toString(), "--seed", "3");
        assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.out() + r.err());
        String j = Files.readString(json);
        assertTrue(j.contains("Fairness by sex") && j.contains("\"sex = 1\"") && j.contains("\"sex = 2\""), "groups in the CSV's units");
        assertTrue(!j.contains("sex other"), "values=1,2 match the rows coded 1 and 2");
        assertTrue(j.contains("Similar recall of"), "subgroup-gaps judged the groups");
    }

    static List<String> gunzip(Path file) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
