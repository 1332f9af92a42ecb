package dev.lucent.network.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** One test per kind of bad input: the error names file, line, column and problem. */
class CsvErrorsTest {
    @TempDir
    Path dir;

    Path write(String text) throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    DataFormatException fail(String text, CsvOptions options) throws IOException {
        Path p = write(text);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.readCsv(p, options));
        assertTrue(e.getMessage().startsWith(p.toString()), "message starts with the file: " + e.getMessage());
        assertEquals(p.toString(), e.file());
        return e;
    }

    static void where(DataFormatException e, long line, int column, String columnName) {
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains("line " + line), e.getMessage());
        if (column > 0) {
            assertTrue(e.getMessage().contains("column " + column), e.getMessage());
            assertEquals(columnName, e.columnName().orElse(null));
            if (columnName != null) assertTrue(e.getMessage().contains("\"" + columnName + "\""), e.getMessage());
        }
    }

    @Test
    void nonNumericValue() throws Exception {
        DataFormatException e = fail("age,weight,y\n30,70,0\n41,heavy,1\n", CsvOptions.label("y"));
        where(e, 3, 2, "weight");
        assertTrue(e.problem().contains("\"heavy\" is not a number"), e.getMessage());
        assertEquals(e.file() + ", line 3, column 2 \"weight\": \"heavy\" is not a number", e.getMessage());
    }

    @Test
    void decimalCommaGetsAHint() throws Exception {
        DataFormatException e = fail("a b y\n1 2,5 0\n", CsvOptions.label("y").withSeparator(CsvOptions.Separator.WHITESPACE));
        where(e, 2, 2, "b");
        assertTrue(e.problem().contains("decimal comma"), e.getMessage());
    }

    @Test
    void shortRow() throws Exception {
        DataFormatException e = fail("a,b,y\n1,2,0\n3,1\n", CsvOptions.label("y"));
        where(e, 3, 0, null);
        assertTrue(e.problem().contains("expected 3 columns as in the header, found 2"), e.getMessage());
    }

    @Test
    void longRow() throws Exception {
        DataFormatException e = fail("1,2,0\n3,4,1\n5,6,7,1\n", CsvOptions.labelLast());
        where(e, 3, 0, null);
        assertTrue(e.problem().contains("expected 3 columns as in line 1, found 4"), e.getMessage());
    }

    @Test
    void nanIsRefused() throws Exception {
        DataFormatException e = fail("a,b,y\n1,2,0\n3,NaN,1\n", CsvOptions.label("y"));
        where(e, 3, 2, "b");
        assertTrue(e.problem().contains("NaN"), e.getMessage());
    }

    @Test
    void nanIsRefusedEvenWhenImputing() throws Exception {
        DataFormatException e = fail("a,b,y\n1,2,0\n3,nan,1\n", CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN));
        where(e, 3, 2, "b");
    }

    @Test
    void infinityIsRefused() throws Exception {
        DataFormatException e = fail("a,b,y\n1,-Infinity,0\n", CsvOptions.label("y"));
        where(e, 2, 2, "b");
        assertTrue(e.problem().contains("infinite"), e.getMessage());
    }

    @Test
    void valueOutsideFloatRange() throws Exception {
        DataFormatException e = fail("a,y\n1e39,0\n", CsvOptions.label("y"));
        where(e, 2, 1, "a");
        assertTrue(e.problem().contains("float32 range"), e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        DataFormatException e = fail("", CsvOptions.label("y"));
        assertTrue(e.problem().contains("empty file"), e.getMessage());
    }

    @Test
    void blankLinesOnly() throws Exception {
        DataFormatException e = fail("\n  \n\n", CsvOptions.labelLast());
        assertTrue(e.problem().contains("empty file"), e.getMessage());
    }

    @Test
    void headerWithoutRows() throws Exception {
        DataFormatException e = fail("a,b,y\n", CsvOptions.label("y"));
        assertTrue(e.problem().contains("a header but no data rows"), e.getMessage());
    }

    @Test
    void unknownLabelColumn() throws Exception {
        DataFormatException e = fail("a,b,y\n1,2,0\n", CsvOptions.label("diagnosis"));
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("unknown label column \"diagnosis\"; the columns are \"a\", \"b\", \"y\""), e.getMessage());
    }

    @Test
    void labelPositionBeyondTheColumns() throws Exception {
        DataFormatException e = fail("1,2,0\n", CsvOptions.labelAt(5));
        assertTrue(e.problem().contains("label column 5 requested but the file has 3 columns"), e.getMessage());
    }

    @Test
    void missingValueReportedWhenNotImputing() throws Exception {
        DataFormatException e = fail("a,b,y\n1,2,0\n3,,1\n", CsvOptions.label("y"));
        where(e, 3, 2, "b");
        assertTrue(e.problem().contains("missing value"), e.getMessage());
        DataFormatException na = fail("a,b,y\n1,2,0\nNA,4,1\n", CsvOptions.label("y"));
        where(na, 3, 1, "a");
    }

    @Test
    void missingLabelIsNeverImputed() throws Exception {
        DataFormatException e = fail("a,y\n1,0\n2,?\n", CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN));
        where(e, 3, 2, "y");
        assertTrue(e.problem().contains("missing label"), e.getMessage());
    }

    @Test
    void labelOutsideFixedClasses() throws Exception {
        DataFormatException e = fail("a,y\n1,cat\n2,cow\n", CsvOptions.label("y").withClassNames(java.util.List.of("cat", "dog")));
        where(e, 3, 2, "y");
        assertTrue(e.problem().contains("\"cow\" is not one of the 2 known classes"), e.getMessage());
    }

    @Test
    void singleClass() throws Exception {
        DataFormatException e = fail("a,y\n1,0\n2,0\n", CsvOptions.label("y"));
        assertTrue(e.problem().contains("only one value \"0\""), e.getMessage());
    }

    @Test
    void duplicateColumnName() throws Exception {
        DataFormatException e = fail("a,a,y\n1,2,0\n", CsvOptions.label("y"));
        where(e, 1, 2, "a");
        assertTrue(e.problem().contains("duplicate column name"), e.getMessage());
    }

    @Test
    void emptyColumnName() throws Exception {
        DataFormatException e = fail("a,,y\n1,2,0\n", CsvOptions.label("y").withHeader(CsvOptions.Header.NAMES));
        where(e, 1, 2, null);
        assertTrue(e.problem().contains("empty column name"), e.getMessage());
    }

    @Test
    void unterminatedQuote() throws Exception {
        DataFormatException e = fail("a,\"b,y\n1,2,0\n", CsvOptions.label("y"));
        where(e, 1, 2, null);
        assertTrue(e.problem().contains("unterminated quoted field"), e.getMessage());
    }

    @Test
    void sklearnRowCountMismatch() throws Exception {
        DataFormatException e = fail("3,2,no,yes\n1,2,0\n3,4,1\n", CsvOptions.labelLast());
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("declares 3 rows but the file has 2"), e.getMessage());
    }

    @Test
    void sklearnFeatureCountMismatch() throws Exception {
        DataFormatException e = fail("2,3,no,yes\n1,2,0\n3,4,1\n", CsvOptions.labelLast());
        where(e, 2, 0, null);
        assertTrue(e.problem().contains("expected 4 columns as in the count header, found 3"), e.getMessage());
    }

    @Test
    void sklearnLabelNotAClassIndex() throws Exception {
        DataFormatException e = fail("2,2,no,yes\n1,2,0\n3,4,2\n", CsvOptions.labelLast());
        where(e, 3, 3, "target");
        assertTrue(e.problem().contains("not a class index 0..1"), e.getMessage());
    }

    @Test
    void targetsFileWithTooFewValues() throws Exception {
        Path targets = dir.resolve("t.txt");
        Files.writeString(targets, "1.5\n2.5\n");
        Path data = write("1 2\n3 4\n5 6\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.readCsv(data, CsvOptions.targetsFile(targets)));
        assertEquals(targets.toString(), e.file());
        assertTrue(e.problem().contains("has 2 targets but the data file has 3 rows"), e.getMessage());
    }

    @Test
    void targetsFileWithTooManyValues() throws Exception {
        Path targets = dir.resolve("t.txt");
        Files.writeString(targets, "1\n2\n3\n");
        Path data = write("1 2\n3 4\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.readCsv(data, CsvOptions.targetsFile(targets)));
        assertEquals(targets.toString(), e.file());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("more targets than the 2 data rows"), e.getMessage());
    }

    @Test
    void noSuchFile() {
        Path p = dir.resolve("absent.csv");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.readCsv(p, CsvOptions.labelLast()));
        assertTrue(e.getMessage().equals(p + ": no such file"), e.getMessage());
    }

    @Test
    void hostileValuesAreQuotedAndCutInMessages() throws Exception {
        String payload = "<script>alert(1)</script>\u0007" + "x".repeat(200);
        DataFormatException e = fail("a,y\n" + payload + ",0\n", CsvOptions.label("y"));
        assertTrue(e.getMessage().contains("\\x07"), "control characters escaped: " + e.getMessage());
        assertTrue(e.getMessage().length() < p(e) + 200, "value cut: " + e.getMessage());
    }

    private static int p(DataFormatException e) {
        return e.file().length();
    }
}
