package dev.lucent.bench;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.kernel.Parallel;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine (issue 11): the same MLP and CNN once as Lucent models and once exported to ONNX and imported,
 * forward and input gradients on the same 64 rows. The imported side runs on the native ops, so it should be
 * within a few percent of the native one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ImportedVsNativeBenchmark {

    @Param({"1"})
    public int threads;

    private AuditableModel mlp, cnn, importedMlp, importedCnn;
    private Tensor rows64, images64;
    private int[] labels64;

    @Setup(Level.Trial)
    public void setUp() {
        Workloads data = new Workloads(42);
        LucentSide lucent = new LucentSide(data);
        mlp = lucent.mlp;
        cnn = lucent.cnn;
        OnnxExporter exporter = new OnnxExporter();
        OnnxImporter importer = new OnnxImporter();
        importedMlp = importer.read(exporter.export(lucent.mlp));
        importedCnn = importer.read(exporter.export(lucent.cnn));
        rows64 = Tensor.of(data.x64.clone(), 64, 784);
        images64 = Tensor.of(data.x64.clone(), 64, 1, 28, 28);
        labels64 = data.labels64.clone();
    }

    private <T> T on(Supplier<T> work) {
        return Parallel.withThreads(threads, work);
    }

    @Benchmark public float[] mlpForward64_native() { return on(() -> mlp.predict(rows64).toArray()); }
    @Benchmark public float[] mlpForward64_imported() { return on(() -> importedMlp.predict(rows64).toArray()); }

    @Benchmark public float[] mlpInputGradients64_native() { return on(() -> mlp.inputGradient(rows64, labels64).toArray()); }
    @Benchmark public float[] mlpInputGradients64_imported() { return on(() -> importedMlp.inputGradient(rows64, labels64).toArray()); }

    @Benchmark public float[] cnnForward64_native() { return on(() -> cnn.predict(images64).toArray()); }
    @Benchmark public float[] cnnForward64_imported() { return on(() -> importedCnn.predict(images64).toArray()); }

    @Benchmark public float[] cnnInputGradients64_native() { return on(() -> cnn.inputGradient(images64, labels64).toArray()); }
    @Benchmark public float[] cnnInputGradients64_imported() { return on(() -> importedCnn.inputGradient(images64, labels64).toArray()); }
}
