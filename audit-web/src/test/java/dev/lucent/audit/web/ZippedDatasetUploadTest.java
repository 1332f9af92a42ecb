package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.data.DataFiles;
import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.audit.web.upload.UploadStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console takes image data sets as a zip: checked by the same zip-slip and bomb rules as plugin jars, unpacked,
 * read as train and audit read them; a refused zip is not kept and leaves nothing behind.
 */
class ZippedDatasetUploadTest {

    @TempDir
    Path dir;

    static byte[] png(int shade, int size) throws IOException {
        BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < size; r++) for (int c = 0; c < size; c++) im.setRGB(c, r, ((shade + r * c) & 0xff) * 0x010101);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(im, "png", b);
        return b.toByteArray();
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /** A folder of 4 + 4 PNG files in two classes, inside one top folder as zips are usually made. */
    static Map<String, byte[]> twoClasses() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            m.put("shoes/sandal/" + i + ".png", png(10 * i, 12));
            m.put("shoes/boot/" + i + ".png", png(200 - 10 * i, 12));
        }
        return m;
    }

    UploadStore.Stored upload(UploadStore store, byte[] zip) throws IOException {
        return store.storeMade(UploadStore.Kind.DATASET, "zip", "shoes.zip", "ana", p -> Files.write(p, zip));
    }

    @Test
    void aZipOfClassFoldersIsUnpackedAndReadAsTheAuditReadsIt() throws Exception {
        UploadStore store = new UploadStore(dir, UploadStore.DEFAULT_MAX_BYTES);
        UploadStore.Stored s = upload(store, zip(twoClasses()));
        assertNull(UploadsServlet.unpackedUnusable(s));
        DataFiles.Read read = DataFiles.read(s.dataPath(), "class", null, null, null, AuditInputs.csvOptions(null));
        assertEquals(8, read.dataset().rows());
        assertEquals(java.util.List.of("boot", "sandal"), read.dataset().schema().classNames());
        assertEquals(DataFiles.Kind.IMAGE_FOLDER, read.kind());
        store.delete(UploadStore.Kind.DATASET, s.id());
        assertFalse(Files.exists(s.dataPath()), "deleting the upload deletes what it was unpacked to");
    }

    @Test
    void hostileZipsAreRefusedNamingTheProblemAndLeaveNothing() throws Exception {
        UploadStore store = new UploadStore(dir, UploadStore.DEFAULT_MAX_BYTES);

        Map<String, byte[]> slip = twoClasses();
        slip.put("../evil.png", png(1, 12));
        assertRefused(store, zip(slip), "entry '../evil.png' climbs out of its folder with '..' (zip-slip)");
        assertFalse(Files.exists(dir.resolve("uploads").resolve("evil.png")));

        Map<String, byte[]> bomb = twoClasses();
        bomb.put("shoes/boot/zeros.png", new byte[20 << 20]); // 20 MiB of zeros deflate about 1000 times
        assertRefused(store, zip(bomb), "looks like a zip bomb: entry 'shoes/boot/zeros.png' inflates more than 100 times");

        Map<String, byte[]> text = twoClasses();
        text.put("shoes/boot/notes.txt", "not an image".getBytes());
        assertRefused(store, zip(text), "boot/notes.txt: is not a PNG or JPEG image");

        assertRefused(store, "not a zip at all".getBytes(), "not a zip: no zip entries could be read");
    }

    @Test
    void aZippedIdxPairIsReadAsThePair() throws Exception {
        byte[] images = new byte[16 + 3 * 4], labels = new byte[8 + 3];
        images[2] = 8;
        images[3] = 3;
        images[7] = 3;
        images[11] = 2;
        images[15] = 2;
        labels[2] = 8;
        labels[3] = 1;
        labels[7] = 3;
        labels[8] = 0;
        labels[9] = 1;
        labels[10] = 1;
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("t-images-idx3-ubyte", images);
        m.put("t-labels-idx1-ubyte", labels);
        UploadStore store = new UploadStore(dir, UploadStore.DEFAULT_MAX_BYTES);
        UploadStore.Stored s = upload(store, zip(m));
        assertNull(UploadsServlet.unpackedUnusable(s));
        DataFiles.Read read = DataFiles.read(s.dataPath(), "label", null, null, null, AuditInputs.csvOptions(null));
        assertEquals(DataFiles.Kind.IDX, read.kind());
        assertEquals(3, read.dataset().rows());
    }

    private void assertRefused(UploadStore store, byte[] zip, String problem) throws IOException {
        UploadStore.Stored s = upload(store, zip);
        String why = UploadsServlet.unpackedUnusable(s);
        assertTrue(why != null && why.contains(problem), "'" + problem + "' in: " + why);
        store.delete(UploadStore.Kind.DATASET, s.id()); // as the servlet does with an upload it does not keep
        assertFalse(Files.exists(s.dataPath()), "a refused zip leaves no folder");
        try (Stream<Path> left = Files.list(dir.resolve("uploads").resolve("datasets"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "and no half-unpacked folder");
        }
    }
}
