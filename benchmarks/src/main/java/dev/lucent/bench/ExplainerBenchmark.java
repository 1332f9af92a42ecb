package dev.lucent.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
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
 * Issue 5's explainer workloads, Lucent and PyTorch (through DJL) side by side in the same JVM and run: the same
 * explainer algorithm class on both, same data, same thread count (see {@link ExplainerWorkloads}). SampleTime
 * mode: JMH reports the median (p0.50) of many samples; BenchReport turns the JSON into the table. 1 and 2 threads on
 * both sides: Lucent {@code Parallel.withThreads}, torch's intra-op threads {@code setNumThreads} (one inter-op thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ExplainerBenchmark {

    @Param({"1", "2"})
    public int threads;

    private ExplainerWorkloads w;

    @Setup(Level.Trial)
    public void setUp() {
        w = new ExplainerWorkloads(new Workloads(42), BreastCancer.load());
        JniUtils.setNumThreads(threads);
        JniUtils.setNumInteropThreads(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        w.close();
    }

    private <T> T onLucent(Supplier<T> work) {
        return Parallel.withThreads(threads, work);
    }

    @Benchmark public float[] saliencyMlp64_lucent() { return onLucent(() -> w.saliencyMlp64(w.lucentMlp)); }
    @Benchmark public float[] saliencyMlp64_pytorch() { return w.saliencyMlp64(w.torchMlp); }

    @Benchmark public float[] saliencyCnn64_lucent() { return onLucent(() -> w.saliencyCnn64(w.lucentCnn)); }
    @Benchmark public float[] saliencyCnn64_pytorch() { return w.saliencyCnn64(w.torchCnn); }

    @Benchmark public IntegratedGradients.Result igGaussLegendre50x1_lucent() { return onLucent(() -> w.igMlp1(w.lucentMlp)); }
    @Benchmark public IntegratedGradients.Result igGaussLegendre50x1_pytorch() { return w.igMlp1(w.torchMlp); }

    @Benchmark public IntegratedGradients.Result igGaussLegendre50x64_lucent() { return onLucent(() -> w.igMlp64(w.lucentMlp)); }
    @Benchmark public IntegratedGradients.Result igGaussLegendre50x64_pytorch() { return w.igMlp64(w.torchMlp); }

    @Benchmark public ShapleyResult kernelShap100_lucent() { return onLucent(() -> w.kernelShap100(w.lucentTabular)); }
    @Benchmark public ShapleyResult kernelShap100_pytorch() { return w.kernelShap100(w.torchTabular); }
}
