package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.report.Compliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16's drift and compliance acceptance on the packaged jar: the CLI audits breast cancer (one seeded half as the
 * reference) against the other half shifted by half a standard deviation in one feature (exit 1, that feature named
 * first) and against the other half as it is (exit 0); a current file with a missing column exits 2 naming it; every
 * explainer the host installs has its place in the compliance map; and the console's compliance view, opened in
 * headless Chromium, shows every finding of the stored report under at least one section.
 */
class DriftComplianceIT {

    static final Duration LIMIT = Duration.ofMinutes(8);
    static final String SHIFTED = "mean concave points";
    static final String EXPLAINERS = "feature-drift,domain-classifier,prediction-drift,classification-metrics,class-balance,calibration";

    @TempDir
    static Path dir;
    static LucentProcess lucent;
    static Path ref, current, shifted, model;

    @BeforeAll
    static void prepare() throws Exception {
        lucent = LucentProcess.start();
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "breast_cancer.csv"));
        List<String> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(l);
        String[] stat = {"mean", "error", "worst"};
        String[] what = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points",
                "symmetry", "fractal dimension"};
        List<String> names = new ArrayList<>();
        for (String s : stat) for (String w : what) names.add(s + " " + w);
        String header = String.join(",", names) + ",diagnosis";
        SplittableRandom r = new SplittableRandom(16);
        for (int i = rows.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = rows.get(i);
            rows.set(i, rows.get(j));
            rows.set(j, t);
        }
        List<String> a = rows.subList(0, rows.size() / 2), b = rows.subList(rows.size() / 2, rows.size());
        int col = names.indexOf(SHIFTED);
        double sd = sd(rows, col);
        List<String> moved = new ArrayList<>();
        for (String row : b) {
            String[] f = row.split(",");
            f[col] = String.format(Locale.ROOT, "%.6g", Double.parseDouble(f[col]) + 0.5 * sd);
            moved.add(String.join(",", f));
        }
        ref = write("reference.csv", header, a);
        current = write("current.csv", header, b);
        shifted = write("shifted.csv", header, moved);
        model = dir.resolve("model");
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", lucent.data.toString(), "train", "--data", ref.toString(),
                "--label", "diagnosis", "--out", model.toString(), "--epochs", "30", "--seed", "7");
        assertEquals(0, t.exitCode(), t.err());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lucent != null) lucent.close();
    }

    static double sd(List<String> rows, int col) {
        double m = 0, s = 0;
        for (String row : rows) m += Double.parseDouble(row.split(",")[col]);
        m /= rows.size();
        for (String row : rows) s += Math.pow(Double.parseDouble(row.split(",")[col]) - m, 2);
        return Math.sqrt(s / rows.size());
    }

    static Path write(String name, String header, List<String> rows) throws Exception {
        List<String> out = new ArrayList<>(List.of(header));
        out.addAll(rows);
        return Files.write(dir.resolve(name), out);
    }

    static LucentProcess.Result audit(Path currentFile, Path json) throws Exception {
        return LucentProcess.run(dir, LIMIT, "--data", lucent.data.toString(), "audit", "--model", model.toString(), "--data",
                ref.toString(), "--label", "diagnosis", "--current", currentFile.toString(), "--explainers", EXPLAINERS,
                "--json", json.toString(), "--seed", "3");
    }

    @Test
    void aShiftedCopyFailsNamingTheShiftedFeatureFirstAndItsComplianceViewShowsEveryFinding() throws Exception {
        Path json = dir.resolve("shifted.json");
        LucentProcess.Result a = audit(shifted, json);
        assertEquals(1, a.exitCode(), a.err());
        String j = Files.readString(json);
        Matcher first = Pattern.compile("\"title\":\"Feature drift, largest effect first\".*?\"rows\":\\[\\[\"([^\"]+)\"").matcher(j);
        assertTrue(first.find(), "the feature drift table in " + j);
        assertEquals(SHIFTED, first.group(1));
        assertTrue(j.contains("\"currentFile\":\"shifted.csv\""), "the current data in the provenance");
        assertTrue(j.contains("\"compliance\":{\"map\":\"lucent-compliance-map\""), "the compliance view in the JSON export");

        // every finding of the stored report, by explainer and title, under at least one section of the compliance view
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(j);
        assertTrue(id.find());
        List<String[]> findings = new ArrayList<>();
        Matcher run = Pattern.compile("\\{\"explainer\":\"([a-z0-9-]+)\",\"name\"").matcher(j);
        List<int[]> spans = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (run.find()) {
            ids.add(run.group(1));
            spans.add(new int[] {run.start(), 0});
        }
        assertFalse(ids.isEmpty(), "runs in " + j.substring(0, Math.min(2000, j.length())));
        int end = j.indexOf("\"findingsHash\"");
        for (int k = 0; k < ids.size(); k++) {
            String part = j.substring(spans.get(k)[0], k + 1 < ids.size() ? spans.get(k + 1)[0] : end);
            Matcher t = Pattern.compile("\\{\"kind\":\"[a-z-]+\",\"title\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(part);
            while (t.find()) findings.add(new String[] {ids.get(k), t.group(1)});
        }
        assertTrue(findings.size() >= 10, findings.size() + " findings");
        try (Browser browser = new Browser()) {
            signIn(browser);
            browser.driver.get(lucent.url("/compliance/" + id.group(1)));
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(15));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("map-version")));
            browser.screenshot("drift-compliance-view");
            List<WebElement> items = browser.driver.findElements(By.cssSelector("tr.section li.evidence"));
            Set<String> shown = new java.util.HashSet<>();
            for (WebElement e : items) shown.add(e.getAttribute("data-explainer") + "\n" + e.getAttribute("data-title"));
            for (String[] f : findings) {
                String title = f[1].replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&").replace("\\u0027", "'").replace("\\\"", "\"");
                assertTrue(shown.contains(f[0] + "\n" + title), "finding '" + title + "' of " + f[0] + " under a section; shown: " + shown);
            }
            assertTrue(browser.driver.findElements(By.id("unmapped")).isEmpty(), "no finding left outside every section");
            // gaps are listed, not hidden: GMLP 1 (people, not findings) has no evidence in any report
            assertFalse(browser.driver.findElements(By.cssSelector("#gaps li.gap[data-section='fda-gmlp/1']")).isEmpty());
        }
    }

    @Test
    void anUnshiftedHalfPasses() throws Exception {
        LucentProcess.Result a = audit(current, dir.resolve("current.json"));
        assertEquals(0, a.exitCode(), a.err() + Files.readString(dir.resolve("current.json")));
    }

    @Test
    void aCurrentFileMissingAColumnIsRefusedInOneLine() throws Exception {
        List<String> lines = Files.readAllLines(current);
        List<String> cut = new ArrayList<>();
        for (String l : lines) cut.add(l.substring(l.indexOf(',') + 1));
        Path bad = Files.write(dir.resolve("cut.csv"), cut);
        LucentProcess.Result a = audit(bad, dir.resolve("cut.json"));
        assertEquals(2, a.exitCode(), a.err());
        String last = a.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("lucent audit: ") && last.contains("cut.csv") && last.contains("29 feature columns"), a.err());
    }

    @Test
    void everyInstalledExplainerHasItsSectionsInTheComplianceMap() throws Exception {
        Set<String> ids = LucentProcess.installedExplainers(dir, LIMIT, lucent.data);
        Compliance.Mapping map = Compliance.builtInMap();
        assertTrue(ids.containsAll(List.of("feature-drift", "domain-classifier", "prediction-drift", "activation-drift")), ids.toString());
        for (String id : ids) assertFalse(map.sectionsFor(id, null).isEmpty(), "explainer " + id + " has no sections in the compliance map");
        Map<String, List<String>> byExplainer = map.byExplainer();
        assertTrue(byExplainer.keySet().containsAll(ids), "built-in explainers mapped by id");
    }

    static void signIn(Browser browser) throws Exception {
        browser.driver.get(lucent.url("/login"));
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys("admin");
        browser.driver.findElement(By.id("password")).sendKeys(lucent.adminPassword());
        browser.driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlToBe(lucent.url("/")));
    }
}
