package dev.lucent.bench;

import dev.lucent.network.kernel.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix product against the core's FMA peak in one JMH run, one thread: {@code fmaPeak} is {@link FmaPeak}'s
 * twelve independent FMA chains ({@value #ITERATIONS} rounds, 2 x 12 x lanes x rounds flops, no memory traffic),
 * {@code matmul64x784x256} the engine benchmark's product (the same {@link LucentSide#matmul}, 2 x 64 x 784 x 256 =
 * 25.7 MFLOP). Same fork, same iterations, interleaved by JMH, so the percentage of peak is a ratio of two medians
 * taken under the same load: GFLOP/s = flops / (median us x 1000). Pin it to one CPU on a shared machine:
 * <pre>taskset -c 0 java -jar benchmarks/target/benchmarks.jar MatMulPeakBenchmark -rf json -rff peak.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 20, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatMulPeakBenchmark {
    static final int ITERATIONS = 20_000;

    private LucentSide lucent;

    @Setup
    public void setUp() {
        lucent = new LucentSide(new Workloads(42));
    }

    @Benchmark
    public float fmaPeak() {
        return FmaPeak.chains(ITERATIONS);
    }

    @Benchmark
    public float[] matmul64x784x256() {
        return Parallel.withThreads(1, lucent::matmul);
    }
}
