package dev.lucent.bench;

import ai.djl.pytorch.jni.JniUtils;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4's workloads, Lucent and PyTorch (through DJL, written as {@link PyTorchPeer} says) side by side in the
 * same JVM and run, same data, same thread count on both sides (Lucent {@code Parallel.withThreads}, torch
 * {@code setNumThreads}: intra-op threads, one inter-op thread), 1 and 2 threads; the batch-dependent workloads
 * at batch sizes 1, 64 and 256. SampleTime mode: JMH reports the median (p0.50) of many samples; BenchReport
 * turns the JSON into the table. For ratios on a shared machine prefer {@link EnginePairedRuns}, which times the
 * two sides back to back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class EngineBenchmark {

    @Param({"1", "2"})
    public int threads;

    private LucentSide lucent;
    private PyTorchPeer torch;

    /** The batch of the batch-dependent workloads: its own state, so the others do not run three times. */
    @State(Scope.Benchmark)
    public static class Batch {
        @Param({"1", "64", "256"})
        public int batch;

        private LucentSide.Batch lucent;
        private PyTorchPeer.Batch torch;

        @Setup(Level.Trial)
        public void setUp(EngineBenchmark sides) {
            lucent = sides.lucent.batch(batch);
            torch = sides.torch.batch(batch);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Workloads data = new Workloads(42);
        lucent = new LucentSide(data);
        torch = new PyTorchPeer(data);
        JniUtils.setNumThreads(threads);
        JniUtils.setNumInteropThreads(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        torch.close();
    }

    private <T> T onLucent(Supplier<T> work) {
        return Parallel.withThreads(threads, work);
    }

    @Benchmark public float mlpTrainStep_lucent(Batch b) { return onLucent(() -> lucent.mlpTrainStep(b.lucent)); }
    @Benchmark public float mlpTrainStep_pytorch(Batch b) { return torch.mlpTrainStep(b.torch); }

    @Benchmark public float cnnTrainStep_lucent(Batch b) { return onLucent(() -> lucent.cnnTrainStep(b.lucent)); }
    @Benchmark public float cnnTrainStep_pytorch(Batch b) { return torch.cnnTrainStep(b.torch); }

    @Benchmark public float[] inference_lucent(Batch b) { return onLucent(() -> lucent.inference(b.lucent)); }
    @Benchmark public float[] inference_pytorch(Batch b) { return torch.inference(b.torch); }

    @Benchmark public float[] inputGradients_lucent(Batch b) { return onLucent(() -> lucent.inputGradients(b.lucent)); }
    @Benchmark public float[] inputGradients_pytorch(Batch b) { return torch.inputGradients(b.torch); }

    @Benchmark public float[] integratedGradients50_lucent() { return onLucent(lucent::integratedGradients50); }
    @Benchmark public float[] integratedGradients50_pytorch() { return torch.integratedGradients50(); }

    @Benchmark public float[] matmul64x784x256_lucent() { return onLucent(lucent::matmul); }
    @Benchmark public float[] matmul64x784x256_pytorch() { return torch.matmul(); }
}
