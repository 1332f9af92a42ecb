package dev.lucent.network.api.training;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Model cnn() {
        return Model.builder("cnn", OutputKind.CLASS_LOGITS, 1, 6, 6).seed(3)
                .add("conv1", new Conv2d(1, 4, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0))
                .add("bn1", new BatchNorm(4))
                .add("relu1", Activation.relu())
                .add("pool1", Pool2d.max(2, 2))
                .add("flat", new Flatten())
                .add("ln", new LayerNorm(1e-5f, 36))
                .add("drop", new Dropout(0.1f))
                .add("fc", new Linear(36, 3))
                .add("skip", new Linear(36, 3), "flat")
                .add("sum", Merge.add(2), "fc", "skip")
                .build();
    }

    private static Path saved(Path dir) throws Exception {
        Model m = cnn();
        DataSplit d = new DataSplit("train", Tensor.randn(1, 20, 1, 6, 6), new int[20], null);
        TrainingHistory h = Trainer.fit(m, d, null, TrainingConfig.builder(Loss.CROSS_ENTROPY).epochs(2).batchSize(5).build());
        Preprocessing pre = new Preprocessing(List.of("a", "b"), "label", List.of("x", "y", "z"), new float[]{1, 2}, new float[]{0.5f, 3});
        Path f = dir.resolve("m.lucent");
        ModelFile.save(f, m, pre, h, Map.of("dataset", "synthetic", "seed", "1"));
        return f;
    }

    @Test
    void roundTripKeepsArchitectureWeightsStatePreprocessingAndHistory() throws Exception {
        Model m = cnn();
        DataSplit d = new DataSplit("train", Tensor.randn(1, 20, 1, 6, 6), new int[20], null);
        TrainingHistory h = Trainer.fit(m, d, null, TrainingConfig.builder(Loss.CROSS_ENTROPY).epochs(2).batchSize(5).build());
        Preprocessing pre = new Preprocessing(List.of("a", "b"), "label", List.of("x", "y", "z"), new float[]{1, 2}, new float[]{0.5f, 3});
        Path f = dir.resolve("m.lucent");
        ModelFile.save(f, m, pre, h, Map.of("dataset", "synthetic"));
        ModelFile.Saved s = ModelFile.load(f);
        assertEquals(m.layerNames(), s.model().layerNames());
        assertEquals(m.summary(), s.model().summary());
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet())
            assertArrayEquals(e.getValue().values(), s.model().namedParameters().get(e.getKey()).values(), e.getKey());
        Tensor x = Tensor.randn(9, 4, 1, 6, 6);
        assertArrayEquals(m.predict(x).toArray(), s.model().predict(x).toArray());
        assertEquals(pre.featureNames(), s.preprocessing().featureNames());
        assertArrayEquals(pre.std(), s.preprocessing().std());
        assertEquals(h, s.history());
        assertEquals("synthetic", s.metadata().get("dataset"));
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        Path f = saved(dir);
        byte[] all = Files.readAllBytes(f);
        for (int len : new int[]{0, 5, 15, all.length / 2, all.length - 1}) {
            Files.write(f, Arrays.copyOf(all, len));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f), "length " + len);
            String msg = e.getMessage();
            assertTrue(msg.contains("truncated") || msg.contains("empty") || msg.contains("not a Lucent model"), msg);
            if (len > 20) assertTrue(msg.contains("truncated"), msg);
        }
    }

    @Test
    void flippedByteIsRefused() throws Exception {
        Path f = saved(dir);
        byte[] all = Files.readAllBytes(f);
        // every region: magic, version, length, payload (start, middle, weights near the end), checksum
        for (int pos : new int[]{0, 9, 14, 21, all.length / 2, all.length - 40, all.length - 1}) {
            byte[] bad = all.clone();
            bad[pos] ^= 0x10;
            Files.write(f, bad);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f), "byte " + pos);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
        byte[] bad = all.clone();
        bad[all.length / 2] ^= 1;
        Files.write(f, bad);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(f)).getMessage().contains("checksum mismatch"));
    }

    /**
     * Issue #19 point 8 for Lucent's own files: a correctly checksummed file of a few dozen bytes claiming 10^8 input
     * dimensions, or a linear layer of 4 x 10^8 weights, is refused before anything of that size is allocated (before,
     * 400 MB were allocated and then the payload ran out; the layer was built before its weights were read).
     */
    @Test
    void aTinyFileClaimingHugeCountsIsRefusedBeforeAllocating() throws Exception {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(body);
        out.writeUTF("m");
        out.writeUTF("CLASS_LOGITS");
        out.writeInt(100_000_000);
        out.flush();
        String m = refusedWithoutAllocating(body.toByteArray());
        assertTrue(m.endsWith("implausible count of input dimensions: 100000000 (0 bytes follow)"), m);

        // a linear layer of 20,000 x 20,000: 4 x 10^8 weights (1.6 GB) the file cannot hold
        body.reset();
        out.writeUTF("m");
        out.writeUTF("CLASS_LOGITS");
        out.writeInt(1);
        out.writeInt(100_000);
        out.writeInt(1);
        out.writeUTF("fc");
        out.writeUTF("linear");
        out.writeInt(4);
        for (String kv : new String[]{"in", "20000", "out", "20000", "bias", "true", "init", "HE_NORMAL"}) out.writeUTF(kv);
        out.writeInt(1);
        out.writeInt(-1);
        out.writeInt(2);
        out.flush();
        m = refusedWithoutAllocating(body.toByteArray());
        assertTrue(m.contains("layer 'fc' (linear) declares 400020000 parameter values, but only 4 bytes follow"), m);
    }

    /** Wraps a payload as a correctly checksummed file and returns the reader's refusal, checking it allocated little. */
    static String refusedWithoutAllocating(byte[] b) throws Exception {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(20 + b.length + 32);
        buf.put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putLong(b.length).put(b);
        buf.put(java.security.MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(buf.array(), 20 + b.length)));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(buf.array()));
        long used = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(used < 16L << 20, "refused after allocating " + used + " bytes: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void otherFilesAreNotModels() throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "a,b,c\n1,2,3\n");
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(f)).getMessage().contains("not a Lucent model"));
    }
}
