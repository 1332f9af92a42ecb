package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.ImageInput;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15.3: an ONNX CNN exported by Debian's python3-torch (scripts/onnx-image-fixture.py: it expects
 * (v / 255 - 0.5) / 0.5) audited on IDX images and on a folder of PNGs per class. The oracle is ONNX Runtime run here
 * on the IDX bytes read by this test and scaled by hand: the logits Lucent's audit computes on its prepared rows must
 * be ONNX Runtime's, row by row, for IDX with its own test labels and for the PNG folder.
 */
class OnnxImagesTest {
    @TempDir
    static Path dir;
    static final String PIXELS = "0-1,mean=0.5,std=0.5";

    @BeforeAll
    static void fixtures() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/onnx-image-fixture.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--out", dir.toString(), "--rows", "120", "--test-rows", "40")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fixture script timed out");
        assertEquals(0, p.exitValue(), out);
    }

    /** IDX images as bytes, row-major, read here without Lucent's reader. */
    static byte[][] idxImages(Path f) throws Exception {
        byte[] b = Files.readAllBytes(f);
        int n = java.nio.ByteBuffer.wrap(b, 4, 4).getInt(), h = java.nio.ByteBuffer.wrap(b, 8, 4).getInt(), w = java.nio.ByteBuffer.wrap(b, 12, 4).getInt();
        byte[][] out = new byte[n][h * w];
        for (int i = 0; i < n; i++) System.arraycopy(b, 16 + i * h * w, out[i], 0, h * w);
        return out;
    }

    /** ONNX Runtime's logits for each image, the pixels scaled as the model was trained: (b / 255 - 0.5) / 0.5. */
    static float[][] ortLogits(byte[][] images) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = images.length, m = images[0].length;
        float[] x = new float[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) x[i * m + j] = ((images[i][j] & 0xff) / 255f - 0.5f) / 0.5f;
        try (OrtSession s = env.createSession(dir.resolve("cnn.onnx").toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, 1, 28, 28});
             OrtSession.Result r = s.run(Map.of("pixels", t))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    static float[][] lucentLogits(AuditInputs.Prepared p) {
        float[] out = p.model().predict(p.test().features()).toArray();
        int n = p.test().rows(), k = out.length / n;
        float[][] rows = new float[n][k];
        for (int i = 0; i < n; i++) System.arraycopy(out, i * k, rows[i], 0, k);
        return rows;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        for (int c = 0; c < expected.length; c++)
            assertEquals(expected[c], actual[c], 1e-4 * Math.max(1, Math.abs(expected[c])), what + ", unit " + c);
    }

    @Test
    void idxWithItsOwnTestLabelsGivesOnnxRuntimesLogits() throws Exception {
        AuditInputs.Prepared p = AuditInputs.load(dir.resolve("cnn.onnx"), dir.resolve("images.idx"), dir.resolve("labels.idx").toString(),
                dir.resolve("test-images.idx"), new ImageInput(dir.resolve("test-labels.idx"), PIXELS), null, 42);
        byte[][] images = idxImages(dir.resolve("test-images.idx"));
        float[][] ort = ortLogits(images), ours = lucentLogits(p);
        assertEquals(images.length, ours.length);
        for (int i = 0; i < images.length; i++) assertClose(ort[i], ours[i], "test row " + i);
        byte[] labels = Files.readAllBytes(dir.resolve("test-labels.idx"));
        for (int i = 0; i < images.length; i++) assertEquals(labels[8 + i], p.test().labels()[i], "label of test row " + i);
        assertEquals(120, p.train().rows());
        assertTrue(p.modelFormat().contains("(--pixels " + PIXELS + ";"), p.modelFormat());
        assertTrue(p.split().contains("with the labels in test-labels.idx"), p.split());
    }

    @Test
    void aFolderOfPngsPerClassGivesOnnxRuntimesLogits() throws Exception {
        AuditInputs.Prepared p = AuditInputs.load(dir.resolve("cnn.onnx"), dir.resolve("images.idx"), dir.resolve("labels.idx").toString(),
                dir.resolve("test-folder"), new ImageInput(null, PIXELS), null, 42);
        byte[][] images = idxImages(dir.resolve("test-images.idx"));
        float[][] ort = ortLogits(images), ours = lucentLogits(p);
        float[] raw = p.testInCsvUnits().features().toArray(); // the folder's rows in 0..1, in the folder's order
        assertEquals(images.length, ours.length);
        for (int i = 0; i < ours.length; i++) { // find the IDX image this PNG holds, by its bytes
            byte[] png = new byte[784];
            for (int j = 0; j < 784; j++) png[j] = (byte) Math.round(raw[i * 784 + j] * 255);
            int match = -1;
            for (int k = 0; k < images.length && match < 0; k++) if (java.util.Arrays.equals(images[k], png)) match = k;
            assertTrue(match >= 0, "folder row " + i + " is one of the IDX test images");
            assertClose(ort[match], ours[i], "folder row " + i);
            assertEquals(Integer.parseInt(p.schema().classNames().get(p.test().labels()[i])),
                    Files.readAllBytes(dir.resolve("test-labels.idx"))[8 + match], "class of folder row " + i);
        }
    }

    @Test
    void theDefaultScalingIsZeroToOneAndSaidSo() throws Exception {
        AuditInputs.Prepared p = AuditInputs.load(dir.resolve("cnn.onnx"), dir.resolve("images.idx"), dir.resolve("labels.idx").toString(),
                null, ImageInput.DEFAULTS, null, 42);
        assertTrue(p.modelFormat().contains("pixel bytes / 255 (0 to 1) (--pixels 0-1, the default;"), p.modelFormat());
        assertArrayEquals(p.testInCsvUnits().features().toArray(), p.test().features().toArray(), 0f);
    }

    @Test
    void badImageInputIsRefusedNamingTheProblem() {
        Path onnx = dir.resolve("cnn.onnx"), images = dir.resolve("images.idx");
        String labels = dir.resolve("labels.idx").toString();
        AuditException noLabels = assertThrows(AuditException.class, () -> AuditInputs.load(onnx, images, labels,
                dir.resolve("test-images.idx"), ImageInput.DEFAULTS, null, 42));
        assertTrue(noLabels.getMessage().contains("give it with --test-labels"), noLabels.getMessage());
        AuditException channels = assertThrows(AuditException.class, () -> AuditInputs.load(onnx, images, labels, null,
                new ImageInput(null, "imagenet"), null, 42));
        assertTrue(channels.getMessage().contains("3 channel means, but the images have 1 channel"), channels.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> new ImageInput(null, "0-1,mean=0.5"));
        assertTrue(typo.getMessage().contains("give mean and std together"), typo.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> ImageInput.parse("0-256"));
        assertTrue(range.getMessage().contains("neither 0-1 nor 0-255"), range.getMessage());
        assertEquals(List.of(), List.of()); // the refusals above lost nothing: the fixture files are still readable
        assertTrue(Files.isRegularFile(onnx));
    }
}
