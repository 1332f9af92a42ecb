package dev.lucent.bench;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.audit.runner.InputsDump;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 14: a worker once parsed the model and data a second time ({@link AuditInputs#load}, as the host did); now it
 * reads the host's {@link InputsDump} (checked by its SHA-256). Both measured in one run; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class AuditInputsBenchmark {

    /** breast-cancer (569 x 30), digits (1797 x 64), wide (10000 x 784, a Fashion-MNIST-sized CSV of seeded values). */
    @Param({"breast-cancer", "digits", "wide"})
    public String data;

    private Path dir, model, csv, handover;
    private String handoverSha256;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("audit-inputs-bench");
        csv = dir.resolve(data + ".csv");
        switch (data) {
            case "breast-cancer" -> named(lines(Path.of("/work/shared/datasets/breast_cancer.csv")).subList(1, 570), 30);
            case "digits" -> named(gunzipped(Path.of("/work/shared/datasets/digits.csv.gz")), 64);
            default -> {
                Random r = new Random(7);
                List<String> rows = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    StringBuilder b = new StringBuilder();
                    for (int j = 0; j < 784; j++) b.append(r.nextInt(256)).append(',');
                    rows.add(b.append(r.nextInt(10)).toString());
                }
                named(rows, 784);
            }
        }
        // a Lucent model file as the train command writes it: preprocessing, the split seed, an MLP
        Dataset ds = Datasets.readCsv(csv, CsvOptions.label("y"));
        Splits s = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, 42).withStandardize(true));
        int in = ds.schema().featureNames().size();
        var m = Sequential.of("bench", OutputKind.CLASS_LOGITS, 1, new int[]{in}, new Linear(in, 64), Activation.relu(),
                new Linear(64, ds.schema().classNames().size()));
        model = dir.resolve("model.lucent");
        ModelFile.save(model, m, new Preprocessing(ds.schema().featureNames(), "y", ds.schema().classNames(),
                s.standardizer().mean(), s.standardizer().std()), null, Map.of(AuditInputs.SPLIT_SEED_KEY, "42"));
        // the handover: what the host prepared, written once by the host's own code
        AuditInputs.Prepared p = AuditInputs.load(model, csv, "y", null, 42);
        InputsDump.Written w = InputsDump.write(p, dir);
        handover = w.file();
        handoverSha256 = w.sha256();
    }

    private void named(List<String> rows, int features) throws IOException {
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < features; j++) header.append('f').append(j).append(',');
        List<String> out = new ArrayList<>(rows.size() + 1);
        out.add(header.append('y').toString());
        out.addAll(rows);
        Files.write(csv, out);
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }

    private static List<String> gunzipped(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
    }

    /** What the worker did before: the model file and the CSV parsed, split and standardized again. */
    @Benchmark
    public AuditInputs.Prepared reparse() throws Exception {
        return AuditInputs.load(model, csv, "y", null, 42);
    }

    /**
     * What the worker does now: the host's dump streamed, hashed and checked against the job's SHA-256, the model
     * rebuilt from its bytes, every split (standardized and in CSV units) read back.
     */
    @Benchmark
    public AuditInputs.Prepared handover() throws Exception {
        return InputsDump.read(handover, handoverSha256);
    }
}
