package dev.lucent.network.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class CsvReaderTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void headerLabelByNameAndTextClassesSorted() throws Exception {
        Path p = write("iris.csv", "a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("species"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.schema().classNames());
        assertArrayEquals(new int[]{2, 0, 1, 0}, d.labels());
        assertEquals(List.of("a", "b"), d.schema().featureNames());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, d.features().toArray());
        assertArrayEquals(new int[]{2, 3, 4, 5}, d.sourceLines());
    }

    @Test
    void numericClassesInNumericOrder() throws Exception {
        Path p = write("n.csv", "y,x\n10,1\n2,2\n9,3\n-1,4\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("y"));
        assertEquals(List.of("-1", "2", "9", "10"), d.schema().classNames());
        assertArrayEquals(new int[]{3, 1, 2, 0}, d.labels());
        assertEquals(List.of("x"), d.schema().featureNames());
    }

    @Test
    void numericallyEqualLabelsAreOneClass() throws Exception {
        Path p = write("eq.csv", "x,y\n1,1.0\n2,0\n3,1\n4,0.0\n5,2\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("y"));
        assertEquals(List.of("0", "1", "2"), d.schema().classNames());
        assertArrayEquals(new int[]{1, 0, 1, 0, 2}, d.labels());
    }

    @Test
    void tabSeparatedNamesWithSpaces() throws Exception {
        Path p = write("t.tsv", "mean radius\tworst area\tlabel\n1.5\t2\tyes\n3\t4\tno\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("label"));
        assertEquals(List.of("mean radius", "worst area"), d.schema().featureNames());
        assertArrayEquals(new float[]{1.5f, 2, 3, 4}, d.features().toArray());
    }

    @Test
    void labelInTheMiddleByPosition() throws Exception {
        Path p = write("m.csv", "1,a,2\n3,b,4\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.labelAt(2));
        assertEquals(List.of("column1", "column3"), d.schema().featureNames());
        assertEquals("column2", d.schema().labelName());
        assertArrayEquals(new float[]{1, 2, 3, 4}, d.features().toArray());
        assertArrayEquals(new int[]{1, 2}, d.sourceLines(), "no header: the first line is data");
    }

    @Test
    void separatorsQuotesCrlfAndBom() throws Exception {
        Path semi = write("s.csv", "\uFEFFx;\"a;b \"\"q\"\"\";y\r\n1,5;2;0\r\n3;4;1\r\n".replace("1,5", "1.5"));
        Dataset d = Datasets.readCsv(semi, CsvOptions.label("y"));
        assertEquals(List.of("x", "a;b \"q\""), d.schema().featureNames());
        assertArrayEquals(new float[]{1.5f, 2, 3, 4}, d.features().toArray());

        Path ws = write("w.txt", "  1   2\t3 \n4 5 6\n");
        Dataset w = Datasets.readCsv(ws, CsvOptions.labelLast());
        assertArrayEquals(new float[]{1, 2, 4, 5}, w.features().toArray());
        assertEquals(List.of("3", "6"), w.schema().classNames());

        Path tab = write("t.tsv", "p\tq\tlabel\n1\t2\tyes\n3\t4\tno\n");
        Dataset t = Datasets.readCsv(tab, CsvOptions.label("label"));
        assertEquals(List.of("no", "yes"), t.schema().classNames());
        assertArrayEquals(new float[]{1, 2, 3, 4}, t.features().toArray());
    }

    /** A semicolon inside a quoted header name is text, not the separator: the file is comma-separated. */
    @Test
    void aQuotedSemicolonDoesNotMakeACommaFileSemicolonSeparated() throws Exception {
        Path p = write("dose.csv", "\"dose; mg\",\"age, years\",label\n1.5,40,yes\n2,50,no\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("label"));
        assertEquals(List.of("dose; mg", "age, years"), d.schema().featureNames());
        assertArrayEquals(new float[]{1.5f, 40, 2, 50}, d.features().toArray());
        Path semi = write("semi.csv", "\"a,b\";c;label\n1.5;2;yes\n3;4;no\n");
        assertEquals(List.of("a,b", "c"), Datasets.readCsv(semi, CsvOptions.label("label")).schema().featureNames());
    }

    @Test
    void gzipDetectedByContentAndHashedAsStored() throws Exception {
        Path p = dir.resolve("data.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("f,g,l\n1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = Datasets.readCsv(p, CsvOptions.label("l"));
        assertArrayEquals(new float[]{1, 2, 3, 4}, d.features().toArray());
        assertEquals(SharedDatasetsTest.sha256(p), d.sha256());
    }

    @Test
    void numbersAreStrict() throws Exception {
        Path p = write("num.csv", "a,b,c,d,l\n-1.5e3,+.25,7.,1E-2,0\n1,1,1,1,1\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("l"));
        assertArrayEquals(new float[]{-1500f, 0.25f, 7f, 0.01f, 1, 1, 1, 1}, d.features().toArray());
        for (String bad : new String[]{"0x10", "1f", "1d", "1e", "--1", "1.2.3", ".", "e5"}) {
            Path q = write("bad.csv", "a,l\n" + bad + ",0\n1,1\n");
            DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.readCsv(q, CsvOptions.label("l")), bad);
            assertTrue(e.getMessage().contains("is not a number"), e.getMessage());
        }
    }

    @Test
    void regressionTargetColumnByName() throws Exception {
        Path p = write("r.csv", "x1,x2,price\n1,2,10.5\n3,4,-2\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("price").regression());
        assertArrayEquals(new float[]{10.5f, -2f}, d.targets());
        assertNull(d.labels());
        assertFalse(d.schema().isClassification());
    }

    @Test
    void fixedClassNamesMapATestFileLikeTheTrainingFile() throws Exception {
        Path p = write("test.csv", "x,y\n1,cat\n2,cat\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("y").withClassNames(List.of("bird", "cat", "dog")));
        assertArrayEquals(new int[]{1, 1}, d.labels(), "one class present is fine when the classes are fixed");
        assertEquals(3, d.schema().classNames().size());
    }

    @Test
    void sampleShapeMustFitTheFeatureCount() throws Exception {
        Path p = write("img.csv", "1,2,3,4,0\n5,6,7,8,1\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.labelLast().withSampleShape(1, 2, 2));
        assertArrayEquals(new int[]{2, 1, 2, 2}, d.features().shape());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.readCsv(p, CsvOptions.labelLast().withSampleShape(1, 3, 3)));
        assertTrue(e.getMessage().contains("needs 9 features but the file has 4"), e.getMessage());
    }

    @Test
    void blankLinesAreSkippedButNeverCountAsRows() throws Exception {
        Path p = write("b.csv", "x,l\n\n1,0\n   \n2,1\n\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("l"));
        assertEquals(2, d.rows());
        assertArrayEquals(new int[]{3, 5}, d.sourceLines());
    }

    @Test
    void missingValuesKeptAsNaNAndCounted() throws Exception {
        Path p = write("m.csv", "a,b,l\n1,,0\nNA,2,1\n3,?,0\n4,5,1\n");
        Dataset d = Datasets.readCsv(p, CsvOptions.label("l").withMissing(CsvOptions.Missing.MEDIAN));
        assertArrayEquals(new int[]{1, 2}, d.missingPerFeature());
        assertEquals(3, d.missingCount());
        float[] x = d.features().toArray();
        assertTrue(Float.isNaN(x[1]) && Float.isNaN(x[2]) && Float.isNaN(x[5]));
    }
}
