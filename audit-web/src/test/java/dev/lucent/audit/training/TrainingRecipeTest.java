package dev.lucent.audit.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRecipeTest {
    @TempDir
    Path dir;

    /** Two Gaussian blobs, label last and named. */
    Path blobs() throws Exception {
        StringBuilder b = new StringBuilder("x1,x2,x3,kind\n");
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            int k = i % 2;
            b.append(r.nextGaussian() + 3 * k).append(',').append(r.nextGaussian() - 2 * k).append(',')
                    .append(r.nextGaussian()).append(',').append(k == 0 ? "a" : "b").append('\n');
        }
        Path csv = dir.resolve("blobs.csv");
        Files.writeString(csv, b);
        return csv;
    }

    @Test
    void trainsTheArchitectureAskedAndKeepsWhatAnAuditNeeds() throws Exception {
        Path csv = blobs();
        TrainingRecipe recipe = new TrainingRecipe("kind", new int[]{8, 4}, 12, 1e-4f, 0.1f, 1e-2f, 9);
        List<Integer> epochs = new ArrayList<>();
        int[] rows = new int[3];
        TrainingRecipe.Trained t = recipe.train(csv, "blobs-mlp", "blobs.csv", Map.of("trainedBy", "ana"), new TrainingRecipe.Listener() {
            @Override
            public void started(String model, int train, int validation, int test) {
                rows[0] = train;
                rows[1] = validation;
                rows[2] = test;
            }

            @Override
            public void epoch(TrainingHistory.EpochRecord e) {
                epochs.add(e.epoch());
            }
        }, () -> false);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), epochs, "every epoch heard, in order");
        assertEquals(200, rows[0] + rows[1] + rows[2]);
        assertEquals(140, rows[0], "70% trains");
        assertEquals(rows[2], t.testRows());
        // Linear(3,8) relu dropout, Linear(8,4) relu dropout, Linear(4,2)
        List<String> layers = t.model().layerNames();
        assertEquals(7, layers.size(), layers.toString());
        assertEquals(3, layers.stream().filter(n -> n.startsWith("linear")).count(), layers.toString());
        assertEquals(2, layers.stream().filter(n -> n.startsWith("dropout")).count(), layers.toString());
        var params = t.model().namedParameters();
        assertEquals(3 * 8, params.get(layers.get(0) + ".weight").value().size(), "3 features into 8 units: " + params.keySet());
        assertEquals(4 * 2, params.get(layers.get(6) + ".weight").value().size(), "4 units into 2 classes");
        assertTrue(t.test().accuracy() > 0.9, "separable blobs: " + t.test().accuracy());
        assertEquals("9", t.metadata().get(AuditInputs.SPLIT_SEED_KEY), "the audit draws the same split again");
        assertEquals("8,4", t.metadata().get("hidden"));
        assertEquals("8 relu dropout 0.1, 4 relu dropout 0.1, softmax output", t.metadata().get("architecture"));
        assertEquals(AuditInputs.sha256(csv), t.metadata().get("trainedFromSha256"));
        assertEquals("ana", t.metadata().get("trainedBy"));

        Path file = dir.resolve("m.lucent");
        t.save(file);
        // the audit's inputs see the split the model was trained on: its test rows are the recipe's held-out rows
        AuditInputs.Prepared p = AuditInputs.load(file, csv, "kind", null, 12345);
        assertEquals(rows[2], p.test().rows());
        assertEquals(rows[0], p.train().rows());
        assertEquals("blobs-mlp", ModelFile.load(file).model().name());
    }

    @Test
    void sameSeedSameWeightsBitForBit() throws Exception {
        Path csv = blobs();
        TrainingRecipe recipe = new TrainingRecipe(null, new int[]{6}, 5, 0, 0, 1e-2f, 3);
        float[] a = weights(recipe.train(csv, "m", "b", Map.of(), new TrainingRecipe.Listener() { }, () -> false));
        float[] b = weights(recipe.train(csv, "m", "b", Map.of(), new TrainingRecipe.Listener() { }, () -> false));
        assertArrayEquals(a, b);
        TrainingRecipe other = new TrainingRecipe(null, new int[]{6}, 5, 0, 0, 1e-2f, 4);
        float[] c = weights(other.train(csv, "m", "b", Map.of(), new TrainingRecipe.Listener() { }, () -> false));
        assertTrue(!java.util.Arrays.equals(a, c), "another seed, other weights");
    }

    @Test
    void cancellingStopsTraining() throws Exception {
        Path csv = blobs();
        AtomicInteger seen = new AtomicInteger();
        TrainingRecipe recipe = new TrainingRecipe("kind", new int[]{4}, 50, 0, 0, 1e-3f, 1);
        assertThrows(CancellationException.class, () -> recipe.train(csv, "m", "b", Map.of(), new TrainingRecipe.Listener() {
            @Override
            public void epoch(TrainingHistory.EpochRecord e) {
                seen.incrementAndGet();
            }
        }, () -> seen.get() >= 2));
        assertEquals(2, seen.get(), "stopped in the epoch after the request");
    }

    @Test
    void refusesWhatItCannotTrain() throws Exception {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "x,y\n1,a\n2,b\n3,a\n");
        var e = assertThrows(dev.lucent.network.api.data.DataFormatException.class, () ->
                new TrainingRecipe("y", new int[]{4}, 1, 0, 0, 1e-3f, 1).train(csv, "m", "r", Map.of(), new TrainingRecipe.Listener() { }, () -> false));
        assertTrue(e.getMessage().contains("tiny.csv") && e.getMessage().contains("too few rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingRecipe("y", new int[]{4}, 0, 0, 0, 1e-3f, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingRecipe("y", new int[]{4}, 1, 0, 1f, 1e-3f, 1));
        assertArrayEquals(new int[]{64, 32}, TrainingRecipe.parseHidden(" 64 , 32 ", 6, 2048));
        assertArrayEquals(new int[0], TrainingRecipe.parseHidden("", 6, 2048));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRecipe.parseHidden("64,x", 6, 2048))
                .getMessage().contains("64,x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRecipe.parseHidden("1,1,1", 2, 2048))
                .getMessage().contains("at most 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRecipe.parseHidden("4097", 6, 4096))
                .getMessage().contains("1 to 4096"));
    }

    private static float[] weights(TrainingRecipe.Trained t) {
        // the trained function itself: logits on fixed inputs
        return t.model().predict(Tensor.of(new float[]{0.1f, -0.2f, 0.3f, 1f, 2f, -1f}, 2, 3)).toArray();
    }
}
