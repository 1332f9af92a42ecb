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
 * Issue 4's workloads, Lucent and PyTorch (through DJL) side by side in the same JVM and run, same data,
 * same thread count. SampleTime mode: JMH reports the median (p0.50) of many samples.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class EngineBenchmark {

    @Param({"1"})
    public int threads;

    private LucentSide lucent;
    private PyTorchPeer torch;

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

    @Benchmark public float mlpTrainStep_lucent() { return onLucent(lucent::mlpTrainStep); }
    @Benchmark public float mlpTrainStep_pytorch() { return torch.mlpTrainStep(); }

    @Benchmark public float[] inputGradients64_lucent() { return onLucent(lucent::inputGradients64); }
    @Benchmark public float[] inputGradients64_pytorch() { return torch.inputGradients64(); }

    @Benchmark public float[] integratedGradients50_lucent() { return onLucent(lucent::integratedGradients50); }
    @Benchmark public float[] integratedGradients50_pytorch() { return torch.integratedGradients50(); }

    @Benchmark public float[] inferenceBatch1_lucent() { return onLucent(lucent::inferenceBatch1); }
    @Benchmark public float[] inferenceBatch1_pytorch() { return torch.inferenceBatch1(); }

    @Benchmark public float[] inferenceBatch64_lucent() { return onLucent(lucent::inferenceBatch64); }
    @Benchmark public float[] inferenceBatch64_pytorch() { return torch.inferenceBatch64(); }

    @Benchmark public float cnnTrainStep_lucent() { return onLucent(lucent::cnnTrainStep); }
    @Benchmark public float cnnTrainStep_pytorch() { return torch.cnnTrainStep(); }

    @Benchmark public float[] matmul64x784x256_lucent() { return onLucent(lucent::matmul); }
    @Benchmark public float[] matmul64x784x256_pytorch() { return torch.matmul(); }
}
