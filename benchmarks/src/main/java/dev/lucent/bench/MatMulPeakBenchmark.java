package dev.lucent.bench;

import dev.lucent.network.kernel.MatMul;
import dev.lucent.network.kernel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix product against the core's FMA peak in one JMH run, one thread: {@code fmaPeak} is {@link FmaPeak}'s
 * twelve independent FMA chains ({@value #ITERATIONS} rounds, 2 x 12 x lanes x rounds flops, no memory traffic),
 * {@code matmul64x784x256} the engine benchmark's product (the same {@link LucentSide#matmul}, 2 x 64 x 784 x 256 =
 * 25.7 MFLOP). Same fork, same iterations, interleaved by JMH, so the percentage of peak is a ratio of two medians
 * taken under the same load: GFLOP/s = flops / (median us x 1000). The two products of that layer's backward pass,
 * on the kernel's arrays: {@code inputGradient64x784x256} is G W^T (G [64,256], W [784,256] read transposed: C [64,784],
 * k = 256) and {@code weightGradient784x256x64} is X^T G (X [64,784] read transposed: C [784,256], k = 64), 25.7 MFLOP
 * each. {@code threads} is the engine's thread count for the products (the peak is one thread whatever it says).
 * Pin it to one CPU for the 1-thread figures on a shared machine:
 * <pre>taskset -c 0 java -jar benchmarks/target/benchmarks.jar MatMulPeakBenchmark -p threads=1 -rf json -rff peak.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 20, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatMulPeakBenchmark {
    static final int ITERATIONS = 20_000;

    @Param({"1", "2"})
    public int threads;

    private LucentSide lucent;
    private float[] x, w, g, dx, dw;

    @Setup
    public void setUp() {
        lucent = new LucentSide(new Workloads(42));
        SplittableRandom r = new SplittableRandom(7);
        x = values(r, 64 * 784);
        w = values(r, 784 * 256);
        g = values(r, 64 * 256);
        dx = new float[64 * 784];
        dw = new float[784 * 256];
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    @Benchmark
    public float fmaPeak() {
        return FmaPeak.chains(ITERATIONS);
    }

    @Benchmark
    public float[] matmul64x784x256() {
        return Parallel.withThreads(threads, lucent::matmul);
    }

    @Benchmark
    public float[] inputGradient64x784x256() {
        return Parallel.withThreads(threads, () -> {
            MatMul.gemm(false, true, 64, 784, 256, g, 0, w, 0, dx, 0);
            return dx;
        });
    }

    @Benchmark
    public float[] weightGradient784x256x64() {
        return Parallel.withThreads(threads, () -> {
            MatMul.gemm(true, false, 784, 256, 64, x, 0, g, 0, dw, 0);
            return dw;
        });
    }
}
