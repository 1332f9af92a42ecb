package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an audit works on: the model's own training split and standardisation, and clear refusals. */
class AuditInputsTest {
    @TempDir
    Path dir;
    Path csv;
    Splits trained;
    Path modelDir;

    @BeforeEach
    void trainLikeTheTrainCommand() throws Exception {
        StringBuilder b = new StringBuilder("a,b,c,y\n");
        Random r = new Random(3);
        for (int i = 0; i < 120; i++)
            b.append(r.nextGaussian() * 5 + 10).append(',').append(r.nextInt(100)).append(',').append(r.nextDouble())
                    .append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        csv = dir.resolve("d.csv");
        Files.writeString(csv, b);
        Dataset ds = Datasets.readCsv(csv, CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN));
        trained = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, 11).withStratify(true)
                .withStandardize(true));
        Model m = Sequential.of("m", OutputKind.CLASS_LOGITS, 1, new int[]{3}, new Linear(3, 2));
        Preprocessing pre = new Preprocessing(ds.schema().featureNames(), "y", ds.schema().classNames(),
                trained.standardizer().mean(), trained.standardizer().std());
        modelDir = dir.resolve("model");
        Files.createDirectories(modelDir);
        ModelFile.save(modelDir.resolve("model.lucent"), m, pre, null, Map.of(AuditInputs.SPLIT_SEED_KEY, "11"));
    }

    @Test
    void auditSeesTheSplitAndPreprocessingTheModelWasTrainedWith() throws Exception {
        AuditInputs.Prepared p = AuditInputs.load(modelDir, csv, "y", null, 999); // the recorded seed wins over 999
        assertArrayEquals(trained.train().features().toArray(), p.train().features().toArray(), "train rows, standardised alike");
        assertArrayEquals(trained.test().features().toArray(), p.test().features().toArray(), "held-out rows unseen in training");
        assertArrayEquals(trained.test().labels(), p.test().labels());
        assertEquals(modelDir.resolve("model.lucent"), p.modelFile());
        assertEquals(AuditInputs.sha256(csv), p.dataSha256());
        assertTrue(p.split().contains("seed 11 (the model's training split)"), p.split());
    }

    @Test
    void badInputIsRefusedNamingTheProblem() throws Exception {
        Path renamed = dir.resolve("r.csv");
        Files.writeString(renamed, Files.readString(csv).replaceFirst("a,b,c", "a,B<x>,c"));
        AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(modelDir, renamed, "y", null, 1));
        assertTrue(e.getMessage().contains("column 2 is \"B<x>\" but the model was trained with \"b\""), e.getMessage());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,c,y\n1,2,3,yes\n1,oops,3,no\n");
        e = assertThrows(AuditException.class, () -> AuditInputs.load(modelDir, bad, "y", null, 1));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());

        e = assertThrows(AuditException.class, () -> AuditInputs.load(dir.resolve("none"), csv, "y", null, 1));
        assertTrue(e.getMessage().contains("no such model file"), e.getMessage());
        Files.writeString(dir.resolve("m.onnx"), "x");
        e = assertThrows(AuditException.class, () -> AuditInputs.load(dir.resolve("m.onnx"), csv, "y", null, 1));
        assertTrue(e.getMessage().startsWith(dir.resolve("m.onnx") + ": not a valid ONNX model"), e.getMessage());
        Files.copy(modelDir.resolve("model.lucent"), modelDir.resolve("other.lucent"));
        e = assertThrows(AuditException.class, () -> AuditInputs.load(modelDir, csv, "y", null, 1));
        assertTrue(e.getMessage().contains("exactly one .lucent or .onnx model file, found 2"), e.getMessage());
        Files.writeString(dir.resolve("junk.lucent"), "not a model");
        e = assertThrows(AuditException.class, () -> AuditInputs.load(dir.resolve("junk.lucent"), csv, "y", null, 1));
        assertTrue(e.getMessage().contains("not a Lucent model file"), e.getMessage());
    }
}
