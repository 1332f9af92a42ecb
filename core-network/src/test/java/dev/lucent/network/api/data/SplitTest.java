package dev.lucent.network.api.data;

import dev.lucent.network.api.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.*;

class SplitTest {
    @TempDir
    Path dir;

    static Dataset breastCancer() throws DataFormatException {
        return KnownDatasets.breastCancer(SharedDatasetsTest.SHARED.resolve("breast_cancer.csv"));
    }

    @Test
    void stratifiedSplitKeepsClassSharesAndPartitionsTheRows() throws Exception {
        Dataset d = breastCancer();
        Splits s = d.split(SplitSpec.of(0.7, 0.15, 0.15, 42));
        int[] all = d.labels();
        BitSet seen = new BitSet();
        for (int[] rows : new int[][]{s.trainRows(), s.validationRows(), s.testRows()})
            for (int r : rows) {
                assertFalse(seen.get(r), "row in two splits: " + r);
                seen.set(r);
            }
        assertEquals(569, seen.cardinality());
        // per class: 212 malignant -> round(31.8)=32 validation, 32 test; 357 benign -> round(53.55)=54 each
        assertArrayEquals(new int[]{212 - 64, 357 - 108}, counts(s.train().labels(), 2));
        assertArrayEquals(new int[]{32, 54}, counts(s.validation().labels(), 2));
        assertArrayEquals(new int[]{32, 54}, counts(s.test().labels(), 2));
        for (int i = 0; i < s.testRows().length; i++) assertEquals(all[s.testRows()[i]], s.test().labels()[i]);
        assertTrue(isAscending(s.trainRows()) && isAscending(s.testRows()));
    }

    @Test
    void sameSeedSameSplitBitForBit() throws Exception {
        Dataset d = breastCancer();
        Splits a = d.split(SplitSpec.of(0.6, 0.2, 0.2, 7)), b = breastCancer().split(SplitSpec.of(0.6, 0.2, 0.2, 7));
        assertArrayEquals(a.trainRows(), b.trainRows());
        assertArrayEquals(a.testRows(), b.testRows());
        assertArrayEquals(a.train().features().toArray(), b.train().features().toArray());
        assertEquals(a.standardizer(), b.standardizer());
        Splits c = d.split(SplitSpec.of(0.6, 0.2, 0.2, 8));
        assertFalse(Arrays.equals(a.testRows(), c.testRows()), "another seed draws other rows");
    }

    @Test
    void standardisationFittedOnTrainingRowsOnly() throws Exception {
        Dataset d = breastCancer();
        Splits s = d.split(SplitSpec.of(0.7, 0.15, 0.15, 3));
        float[] raw = d.features().toArray();
        int[] train = s.trainRows();
        float[] mean = s.standardizer().mean(), std = s.standardizer().std();
        for (int j = 0; j < 30; j++) {
            double m = 0;
            for (int r : train) m += raw[r * 30 + j];
            m /= train.length;
            double v = 0;
            for (int r : train) v += (raw[r * 30 + j] - m) * (raw[r * 30 + j] - m);
            double sd = Math.sqrt(v / train.length);
            assertEquals(m, mean[j], 1e-5 * Math.max(1, Math.abs(m)), "mean of feature " + j);
            assertEquals(sd, std[j], 1e-5 * Math.max(1, sd), "std of feature " + j);
        }
        float[] x = s.train().features().toArray();
        for (int j = 0; j < 30; j++) {
            double m = 0, q = 0;
            for (int i = 0; i < train.length; i++) m += x[i * 30 + j];
            m /= train.length;
            for (int i = 0; i < train.length; i++) q += (x[i * 30 + j] - m) * (x[i * 30 + j] - m);
            assertEquals(0, m, 1e-5);
            assertEquals(1, Math.sqrt(q / train.length), 1e-4);
        }
        // a test row is standardised with the training statistics, not its own
        int r0 = s.testRows()[0];
        assertEquals((raw[r0 * 30] - mean[0]) / std[0], s.test().features().toArray()[0], 0f);
    }

    @Test
    void constantFeatureGetsUnitStd() throws Exception {
        Path p = dir.resolve("c.csv");
        Files.writeString(p, "k,v,y\n5,1,0\n5,2,1\n5,3,0\n5,4,1\n5,6,0\n5,7,1\n");
        Splits s = Datasets.readCsv(p, CsvOptions.label("y")).split(SplitSpec.of(0.5, 0.25, 0.25, 1));
        assertEquals(1f, s.standardizer().std()[0]);
        assertEquals(5f, s.standardizer().mean()[0]);
        for (int i = 0; i < s.train().rows(); i++) assertEquals(0f, s.train().features().toArray()[i * 2]);
    }

    @Test
    void tooFewRowsOfAClassToStratify() throws Exception {
        Path p = dir.resolve("rare.csv");
        Files.writeString(p, "x,y\n1,a\n2,a\n3,a\n4,a\n5,rare\n6,rare\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("y"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> d.split(SplitSpec.of(0.6, 0.2, 0.2, 1)));
        assertEquals(p.toString(), e.file());
        assertTrue(e.problem().contains("class \"rare\" has 2 rows"), e.getMessage());
        assertTrue(e.problem().contains("needs at least 3"), e.getMessage());
        // two splits are possible
        Splits two = d.split(SplitSpec.of(0.5, 0, 0.5, 1));
        assertArrayEquals(new int[]{2, 1}, counts(two.test().labels(), 2));
        assertEquals(0, two.validation().rows());
    }

    @Test
    void regressionSplitsByRowsAndImputesWithTrainMedian() throws Exception {
        Path p = dir.resolve("r.csv");
        StringBuilder sb = new StringBuilder("a,b,t\n");
        for (int i = 0; i < 20; i++) sb.append(i % 5 == 0 ? "" : Integer.toString(i)).append(',').append(i * i).append(',').append(i).append('\n');
        Files.writeString(p, sb);
        Dataset d = Datasets.readCsv(p, CsvOptions.label("t").regression().withMissing(CsvOptions.Missing.MEDIAN));
        assertEquals(4, d.missingCount());
        Splits s = d.split(SplitSpec.of(0.5, 0.25, 0.25, 9).withStandardize(false));
        assertEquals(10, s.trainRows().length);
        assertEquals(5, s.testRows().length);
        // independent median of feature a over the training rows that have it
        float[] raw = d.features().toArray();
        double[] present = Arrays.stream(s.trainRows()).filter(r -> !Float.isNaN(raw[r * 2])).mapToDouble(r -> raw[r * 2]).sorted().toArray();
        int n = present.length;
        double median = n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
        assertEquals(median, s.imputer().fill()[0], 0);
        float[] tx = s.test().features().toArray();
        for (int i = 0; i < s.testRows().length; i++) {
            int r = s.testRows()[i];
            assertEquals(Float.isNaN(raw[r * 2]) ? (float) median : raw[r * 2], tx[i * 2], 0f);
            assertEquals(r, s.test().targets()[i], 0f, "target of row r is r");
        }
    }

    @Test
    void meanImputationAndAFeatureMissingFromAllTrainingRows() throws Exception {
        Path p = dir.resolve("m.csv");
        Files.writeString(p, "a,b,y\n1,,0\n2,,1\n4,,0\n7,,1\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN));
        DataFormatException e = assertThrows(DataFormatException.class, () -> d.split(SplitSpec.of(0.5, 0, 0.5, 1)));
        assertTrue(e.problem().contains("feature \"b\" has no values in the training split"), e.getMessage());

        Path q = dir.resolve("m2.csv");
        Files.writeString(q, "a,y\n1,0\n,1\n4,0\n7,1\n10,0\n,1\n");
        Splits s = Datasets.readCsv(q, CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN))
                .split(new SplitSpec(1, 0, 0, 1, false, false));
        assertEquals((1 + 4 + 7 + 10) / 4f, s.imputer().fill()[0], 0f);
        assertArrayEquals(new float[]{1, 5.5f, 4, 7, 10, 5.5f}, s.train().features().toArray());
    }

    @Test
    void aSeparateTestFileIsPreparedWithTheTrainingSplitsPreprocessing() throws Exception {
        Path train = dir.resolve("train.csv"), test = dir.resolve("test.csv");
        Files.writeString(train, "a,b,y\n1,10,no\n3,,yes\n5,30,no\n7,40,yes\n");
        Files.writeString(test, "a,b,y\n2,,yes\n");
        CsvOptions options = CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN);
        Dataset d = Datasets.readCsv(train, options);
        Splits s = d.split(new SplitSpec(1, 0, 0, 5, true, true));
        Dataset t = Datasets.readCsv(test, options.withClassNames(d.schema().classNames()));
        DataSplit ts = t.asSplit("test", s.imputer(), s.standardizer());
        float[] mean = s.standardizer().mean(), std = s.standardizer().std();
        assertEquals(4f, mean[0], 0f);
        assertEquals((float) Math.sqrt(5), std[0], 1e-6f);
        assertEquals(80f / 3, s.imputer().fill()[1], 1e-5f); // mean of 10, 30, 40
        assertEquals((2 - mean[0]) / std[0], ts.features().toArray()[0], 0f);
        assertEquals((s.imputer().fill()[1] - mean[1]) / std[1], ts.features().toArray()[1], 0f);
        assertArrayEquals(new int[]{1}, ts.labels(), "\"yes\" keeps the training file's class index");
    }

    static int[] counts(int[] labels, int k) {
        int[] c = new int[k];
        for (int y : labels) c[y]++;
        return c;
    }

    static boolean isAscending(int[] a) {
        for (int i = 1; i < a.length; i++) if (a[i] <= a[i - 1]) return false;
        return true;
    }
}
