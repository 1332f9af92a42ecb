package dev.lucent.network.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0);
        out.writeByte(type);
        out.writeByte(dims.length);
        for (int d : dims) out.writeInt(d);
        out.write(data);
        return bytes.toByteArray();
    }

    Path file(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name + (gzip ? ".gz" : ""));
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    /** Three 2x3 images with pixel values 0..17 scaled, plus 255; labels 2, 0, 1. */
    static byte[] pixels() {
        byte[] px = new byte[18];
        for (int i = 0; i < 18; i++) px[i] = (byte) (i * 10);
        px[17] = (byte) 255;
        return px;
    }

    @Test
    void readsRawAndGzipImagesAndLabels() throws Exception {
        for (boolean gz : new boolean[]{false, true}) {
            Path images = file("img", idx(8, new int[]{3, 2, 3}, pixels()), gz);
            Path labels = file("lab", idx(8, new int[]{3}, new byte[]{2, 0, 1}), gz);
            Dataset d = Datasets.readIdx(images, labels, IdxOptions.defaults());
            assertArrayEquals(new int[]{3, 1, 2, 3}, d.features().shape());
            assertTrue(d.schema().isImage());
            float[] x = d.features().toArray();
            for (int i = 0; i < 17; i++) assertEquals(i * 10 / 255f, x[i], 0f);
            assertEquals(1f, x[17]);
            assertArrayEquals(new int[]{2, 0, 1}, d.labels());
            assertEquals(List.of("0", "1", "2"), d.schema().classNames());
            assertEquals("pixel(1,2)", d.schema().featureNames().get(5));
            assertEquals(SharedDatasetsTest.sha256(images), d.sources().get(0).sha256());
            assertEquals(SharedDatasetsTest.sha256(labels), d.sources().get(1).sha256());
        }
    }

    @Test
    void classNamesAndScale() throws Exception {
        Path images = file("img", idx(8, new int[]{3, 2, 3}, pixels()), false);
        Path labels = file("lab", idx(8, new int[]{3}, new byte[]{9, 0, 1}), false);
        Dataset d = Datasets.readIdx(images, labels, IdxOptions.defaults().withDivisor(1f).withClassNames(IdxOptions.FASHION_MNIST_CLASSES));
        assertEquals("Ankle boot", d.schema().classNames().get(d.labels()[0]));
        assertEquals(255f, d.features().toArray()[17]);
        Path bad = file("lab2", idx(8, new int[]{3}, new byte[]{9, 0, 1}), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.readIdx(images, bad, IdxOptions.defaults().withClassNames(List.of("a", "b"))));
        assertEquals(8, e.byteOffset());
        assertTrue(e.problem().contains("label 9 of image 0 has no class name (2 given)"), e.getMessage());
    }

    DataFormatException refuse(Path images, Path labels) {
        return assertThrows(DataFormatException.class, () -> Datasets.readIdx(images, labels, IdxOptions.defaults()));
    }

    @Test
    void badMagicNumber() throws Exception {
        byte[] b = idx(8, new int[]{3, 2, 3}, pixels());
        b[0] = 0x50; // 'P', e.g. a PNG-ish or text file
        Path images = file("img", b, false);
        DataFormatException e = refuse(images, file("lab", idx(8, new int[]{3}, new byte[3]), false));
        assertEquals(images.toString(), e.file());
        assertEquals(0, e.byteOffset());
        assertTrue(e.problem().contains("not an IDX file: magic number 0x50000803, expected 0x00000803"), e.getMessage());
    }

    @Test
    void unsupportedDataType() throws Exception {
        Path images = file("img", idx(0x0D, new int[]{3, 2, 3}, new byte[72]), false);
        DataFormatException e = refuse(images, file("lab", idx(8, new int[]{3}, new byte[3]), false));
        assertEquals(2, e.byteOffset());
        assertTrue(e.problem().contains("data type 0x0d is not supported"), e.getMessage());
    }

    @Test
    void labelFileGivenAsImages() throws Exception {
        Path labels = file("lab", idx(8, new int[]{3}, new byte[3]), false);
        DataFormatException e = refuse(labels, labels);
        assertTrue(e.problem().contains("declares 1 (is it a label file?)"), e.getMessage());
    }

    @Test
    void truncatedRawFileRefusedBeforeReading() throws Exception {
        byte[] b = idx(8, new int[]{3, 2, 3}, pixels());
        Path images = file("img", Arrays.copyOf(b, b.length - 5), false);
        DataFormatException e = refuse(images, file("lab", idx(8, new int[]{3}, new byte[3]), false));
        assertTrue(e.problem().contains("declares 18 data bytes after 16 header bytes, but the file has 29 bytes (truncated)"), e.getMessage());
    }

    @Test
    void truncatedGzipFile() throws Exception {
        byte[] b = idx(8, new int[]{3, 2, 3}, pixels());
        Path images = file("img", Arrays.copyOf(b, b.length - 5), true);
        DataFormatException e = refuse(images, file("lab", idx(8, new int[]{3}, new byte[3]), true));
        assertEquals(16 + 13, e.byteOffset());
        assertTrue(e.problem().contains("ends after 13 of the declared 18 data bytes"), e.getMessage());
    }

    @Test
    void trailingData() throws Exception {
        byte[] b = idx(8, new int[]{3, 2, 3}, pixels());
        Path raw = file("img", Arrays.copyOf(b, b.length + 1), false);
        Path labels = file("lab", idx(8, new int[]{3}, new byte[3]), false);
        assertTrue(refuse(raw, labels).problem().contains("(trailing data)"));
        Path gz = file("img", Arrays.copyOf(b, b.length + 1), true);
        assertTrue(refuse(gz, labels).problem().contains("trailing data after the declared 18 data bytes"));
    }

    @Test
    void hugeDeclaredSizeRefusedBeforeAllocating() throws Exception {
        // declares 2^31-1 images of 1000x1000 in a 16-byte file: refused from the header alone
        Path images = file("img", idx(8, new int[]{Integer.MAX_VALUE, 1000, 1000}, new byte[0]), true);
        DataFormatException e = refuse(images, file("lab", idx(8, new int[]{3}, new byte[3]), false));
        assertTrue(e.problem().contains("(LoadLimits.maxCells)"), e.getMessage());
        Path negative = file("neg", idx(8, new int[]{-1, 2, 3}, new byte[0]), false);
        assertTrue(refuse(negative, negative).problem().contains("size 4294967295 must be positive"));
    }

    @Test
    void labelCountMustMatchImageCount() throws Exception {
        Path images = file("img", idx(8, new int[]{3, 2, 3}, pixels()), false);
        Path labels = file("lab", idx(8, new int[]{2}, new byte[2]), false);
        DataFormatException e = refuse(images, labels);
        assertEquals(labels.toString(), e.file());
        assertTrue(e.problem().contains("declares 2 labels but the image file"), e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path images = file("img", new byte[0], false);
        DataFormatException e = refuse(images, images);
        assertTrue(e.problem().contains("the file ends after 0 of the 4-byte magic number"), e.getMessage());
    }

    @Test
    void fashionMnistWhenInstalled() throws Exception {
        Path folder = Path.of("/usr/share/datasets/fashion-mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(folder), "dataset-fashion-mnist not installed");
        Dataset test = KnownDatasets.fashionMnist(folder, false);
        assertArrayEquals(new int[]{10_000, 1, 28, 28}, test.features().shape());
        int[] counts = test.classCounts();
        for (int c : counts) assertEquals(1000, c, "Fashion-MNIST's test set is balanced");
        assertEquals("Ankle boot", test.schema().classNames().get(9));
        // independent decode of image 0 and label 0: skip the 16- and 8-byte headers
        byte[] px, lab;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(folder.resolve("t10k-images-idx3-ubyte.gz")))) {
            px = in.readNBytes(16 + 784);
        }
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(folder.resolve("t10k-labels-idx1-ubyte.gz")))) {
            lab = in.readNBytes(9);
        }
        float[] x = test.features().toArray();
        for (int i = 0; i < 784; i++) assertEquals((px[16 + i] & 0xff) / 255f, x[i], 0f);
        assertEquals(lab[8], test.labels()[0]);
    }
}
