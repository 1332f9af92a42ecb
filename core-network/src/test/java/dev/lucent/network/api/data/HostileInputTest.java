package dev.lucent.network.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Files built to hurt: each is refused with a clear error after reading at most what the limits allow. */
class HostileInputTest {
    @TempDir
    Path dir;

    DataFormatException refuse(Path p, CsvOptions o) {
        return assertThrows(DataFormatException.class, () -> Datasets.readCsv(p, o));
    }

    @Test
    void veryLongLineStopsAtTheLimit() throws Exception {
        Path p = dir.resolve("long.csv");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p))) {
            out.write("a,y\n1,0\n".getBytes(StandardCharsets.US_ASCII));
            byte[] block = "1234567890".repeat(100).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10_000; i++) out.write(block); // one 10 MB line
            out.write(",1\n".getBytes(StandardCharsets.US_ASCII));
        }
        DataFormatException e = refuse(p, CsvOptions.label("y"));
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("line is longer than " + (4 << 20) + " bytes"), e.getMessage());

        DataFormatException small = refuse(p, CsvOptions.label("y").withLimits(LoadLimits.defaults().withMaxLineBytes(1000)));
        assertTrue(small.problem().contains("longer than 1000 bytes"), small.getMessage());
    }

    @Test
    void binaryGarbageIsNotText() throws Exception {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            byte[] junk = new byte[4096];
            random.nextBytes(junk);
            junk[0] = 'x'; // not gzip magic
            Path p = dir.resolve("junk" + trial + ".csv");
            Files.write(p, junk);
            DataFormatException e = refuse(p, CsvOptions.labelLast());
            assertTrue(e.line() >= 1, e.getMessage());
            assertTrue(e.problem().contains("binary content") || e.problem().contains("not valid UTF-8")
                    || e.problem().contains("longer than"), e.getMessage());
        }
    }

    @Test
    void nulByteNamesItsLine() throws Exception {
        Path p = dir.resolve("nul.csv");
        Files.write(p, "a,y\n1,0\n2\u0000,1\n".getBytes(StandardCharsets.UTF_8));
        DataFormatException e = refuse(p, CsvOptions.label("y"));
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("NUL byte at byte 2"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesItsLine() throws Exception {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, "a,y\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DataFormatException e = refuse(p, CsvOptions.label("y"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void rowsOfAnRgbImageAsAVisionModelTakesThemAreRead() throws Exception {
        int values = 3 * 299 * 299; // Inception v3's input; the other vision models take 3 x 224 x 224
        Path p = dir.resolve("images.csv");
        StringBuilder sb = new StringBuilder(values * 8);
        for (int i = 0; i < values; i++) sb.append('p').append(i).append(',');
        sb.append("label\n");
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < values; i++) sb.append(i % 7 - 3).append(".25,");
            sb.append(row).append('\n');
        }
        Files.writeString(p, sb);
        Dataset d = Datasets.readCsv(p, CsvOptions.label("label"));
        assertEquals(2, d.rows());
        assertEquals(values, d.schema().featureNames().size());
    }

    @Test
    void millionColumnHeaderIsRefusedAtTheColumnLimit() throws Exception {
        Path p = dir.resolve("wide.csv");
        StringBuilder sb = new StringBuilder(3_000_000);
        for (int i = 0; i < 1_000_000; i++) sb.append(i == 0 ? "" : ",").append('c');
        Files.writeString(p, sb.append("\n1\n"));
        DataFormatException e = refuse(p, CsvOptions.labelLast());
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("more than 600000 columns"), e.getMessage());
        DataFormatException small = refuse(p, CsvOptions.labelLast().withLimits(LoadLimits.defaults().withMaxColumns(50)));
        assertTrue(small.problem().contains("more than 50 columns"), small.getMessage());
    }

    @Test
    void gzipBombStopsAtTheInputLimit() throws Exception {
        Path p = dir.resolve("bomb.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("a,y\n".getBytes(StandardCharsets.US_ASCII));
            byte[] rows = "1,0\n".repeat(25_000).getBytes(StandardCharsets.US_ASCII); // 100 kB
            for (int i = 0; i < 100; i++) out.write(rows); // 10 MB decompressed, ~10 kB stored
        }
        DataFormatException e = refuse(p, CsvOptions.label("y").withLimits(LoadLimits.defaults().withMaxInputBytes(1 << 20)));
        assertTrue(e.problem().contains("more than 1048576 bytes of data (LoadLimits.maxInputBytes) after decompression"), e.getMessage());
    }

    @Test
    void corruptGzip() throws Exception {
        Path p = dir.resolve("c.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("a,y\n1,0\n2,1\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length / 2)); // truncated
        DataFormatException e = refuse(p, CsvOptions.label("y"));
        assertTrue(e.problem().contains("gzip"), e.getMessage());
    }

    @Test
    void tooManyValuesStopsAtTheCellLimit() throws Exception {
        Path p = dir.resolve("rows.csv");
        Files.writeString(p, "a,b,y\n" + "1,2,0\n3,4,1\n".repeat(50));
        DataFormatException e = refuse(p, CsvOptions.label("y").withLimits(LoadLimits.defaults().withMaxCells(20)));
        assertEquals(12, e.line(), "the row that would hold values 21 and 22");
        assertTrue(e.problem().contains("more than 20 feature values"), e.getMessage());
    }

    @Test
    void regressionTargetReadAsLabelsHitsTheClassLimit() throws Exception {
        StringBuilder sb = new StringBuilder("x,price\n");
        for (int i = 0; i < 2000; i++) sb.append(i).append(',').append(i * 1.5).append('\n');
        Path p = dir.resolve("prices.csv");
        Files.writeString(p, sb);
        DataFormatException e = refuse(p, CsvOptions.label("price"));
        assertEquals(1002, e.line());
        assertTrue(e.problem().contains("more than 1000 distinct labels"), e.getMessage());
        assertEquals(2000, Datasets.readCsv(p, CsvOptions.label("price").regression()).rows());
    }
}
