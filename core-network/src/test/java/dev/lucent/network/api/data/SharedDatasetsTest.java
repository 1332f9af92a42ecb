package dev.lucent.network.api.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The shared real data sets load with their real shapes, names and values (checked against the raw text). */
class SharedDatasetsTest {
    static final Path SHARED = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    static List<String> gunzipLines(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void breastCancerHasRealNamesClassesAndValues() throws Exception {
        Path file = SHARED.resolve("breast_cancer.csv");
        Dataset d = KnownDatasets.breastCancer(file);
        assertEquals(569, d.rows());
        assertArrayEquals(new int[]{569, 30}, d.features().shape());
        assertEquals(List.of("malignant", "benign"), d.schema().classNames());
        assertEquals("diagnosis", d.schema().labelName());
        assertEquals("mean radius", d.schema().featureNames().get(0));
        assertEquals("error radius", d.schema().featureNames().get(10));
        assertEquals("worst fractal dimension", d.schema().featureNames().get(29));
        assertArrayEquals(new int[]{212, 357}, d.classCounts(), "counts given by the data set's README");
        assertEquals(sha256(file), d.sha256());
        assertEquals(Files.size(file), d.sources().get(0).bytes());

        List<String> lines = Files.readAllLines(file);
        float[] x = d.features().toArray();
        int[] y = d.labels();
        for (int row : new int[]{0, 1, 300, 568}) {
            String[] f = lines.get(row + 1).split(",");
            for (int j = 0; j < 30; j++) assertEquals(Float.parseFloat(f[j]), x[row * 30 + j], "row " + row + " col " + j);
            assertEquals(Integer.parseInt(f[30]), y[row]);
            assertEquals(row + 2, d.sourceLines()[row], "1-based file line of the row");
        }
    }

    @Test
    void breastCancerCountHeaderIsDetectedWithoutBeingTold() throws Exception {
        Dataset d = Datasets.readCsv(SHARED.resolve("breast_cancer.csv"), CsvOptions.labelLast());
        assertEquals(List.of("malignant", "benign"), d.schema().classNames());
        assertEquals(KnownDatasets.breastCancerFeatureNames(), d.schema().featureNames());
        assertEquals("target", d.schema().labelName());
        assertEquals(569, d.rows());
        // a label name that is not a column names the label column of a count-header file (e.g. a CLI's --label)
        Dataset named = Datasets.readCsv(SHARED.resolve("breast_cancer.csv"), CsvOptions.label("diagnosis"));
        assertEquals("diagnosis", named.schema().labelName());
        assertArrayEquals(d.labels(), named.labels());
    }

    @Test
    void digitsLoadAsEightByEightImages() throws Exception {
        Path file = SHARED.resolve("digits.csv.gz");
        Dataset d = KnownDatasets.digits(file);
        assertArrayEquals(new int[]{1797, 1, 8, 8}, d.features().shape());
        assertTrue(d.schema().isImage());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.schema().classNames());
        assertEquals("pixel(7,7)", d.schema().featureNames().get(63));
        List<String> lines = gunzipLines(file);
        float[] x = d.features().toArray();
        int[] y = d.labels();
        for (int row : new int[]{0, 999, 1796}) {
            String[] f = lines.get(row).split(",");
            for (int j = 0; j < 64; j++) assertEquals(Float.parseFloat(f[j]), x[row * 64 + j]);
            assertEquals(Integer.parseInt(f[64]), y[row]);
        }
        assertEquals(sha256(file), d.sha256(), "hash of the file as stored (compressed)");
    }

    @Test
    void digitsWithoutSampleShapeAreFlat() throws Exception {
        Dataset d = Datasets.readCsv(SHARED.resolve("digits.csv.gz"), CsvOptions.labelLast());
        assertArrayEquals(new int[]{1797, 64}, d.features().shape());
        assertEquals("column65", d.schema().labelName());
    }

    @Test
    void diabetesRegressionWithSeparateTargets() throws Exception {
        Path data = SHARED.resolve("diabetes_data_raw.csv.gz"), target = SHARED.resolve("diabetes_target.csv.gz");
        Dataset d = KnownDatasets.diabetes(data, target);
        assertFalse(d.schema().isClassification());
        assertArrayEquals(new int[]{442, 10}, d.features().shape());
        assertEquals(List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), d.schema().featureNames());
        List<String> rows = gunzipLines(data), targets = gunzipLines(target);
        float[] x = d.features().toArray();
        float[] t = d.targets();
        for (int row : new int[]{0, 441}) {
            String[] f = rows.get(row).trim().split("\\s+");
            for (int j = 0; j < 10; j++) assertEquals(Float.parseFloat(f[j]), x[row * 10 + j]);
            assertEquals(Float.parseFloat(targets.get(row).trim()), t[row]);
        }
        assertEquals(2, d.sources().size());
        assertEquals(sha256(target), d.sources().get(1).sha256());
        // sex is coded 1 or 2: a subgroup column
        for (int i = 0; i < 442; i++) assertTrue(x[i * 10 + 1] == 1f || x[i * 10 + 1] == 2f);
    }
}
