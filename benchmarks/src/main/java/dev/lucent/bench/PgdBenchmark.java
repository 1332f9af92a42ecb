package dev.lucent.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.lucent.explain.robustness.PgdForBench;
import dev.lucent.network.kernel.Parallel;
import java.util.concurrent.TimeUnit;
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
 * PGD steps per second (issue 17): ten L-inf steps on 64 images of the engine workloads' CNN (the same weights on both
 * sides, {@link Workloads}), Lucent's robustness explainer against the same attack over PyTorch through DJL, written
 * as a PyTorch engineer writes PGD (torchattacks' loop): per step one forward, the margin loss of the logits
 * (the label's logit against the largest other, by one-hot masks), one backward to the input only (weights that do
 * not require gradients), a sign step, the clip to the budget and the range. Lucent's step does a little more by
 * design: a forward to find each row's rival class and whether it is already broken (a broken row is frozen), then one
 * forward and backward of the rows with the rival's logit weighted +1 and the label's -1 (the face's
 * weightedInputGradient, 1.2; until then one backward of twice the rows). Same thread count on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class PgdBenchmark {
    static final int ROWS = 64, STEPS = 10;
    static final float BUDGET = 0.05f;

    @Param({"1", "2"})
    public int threads;

    private PgdForBench lucent;
    private float[] x;
    private int[] labels;
    private NDManager manager;
    private Engine engine;
    private NDArray x0, oneHot, c1, cb1, c2, cb2, fc, fcb;

    @Setup(Level.Trial)
    public void setUp() {
        Workloads data = new Workloads(42);
        LucentSide side = new LucentSide(data);
        lucent = new PgdForBench(side.cnn, 0f, 1f, ROWS);
        x = data.rows(ROWS);
        // each row attacked away from the model's own decision, as the least-flip search does
        float[] z = side.cnn.predict(dev.lucent.network.api.Tensor.of(x.clone(), ROWS, 1, 28, 28)).toArray();
        labels = new int[ROWS];
        float[] hot = new float[ROWS * 10];
        for (int i = 0; i < ROWS; i++) {
            for (int k = 1; k < 10; k++) if (z[i * 10 + k] > z[i * 10 + labels[i]]) labels[i] = k;
            hot[i * 10 + labels[i]] = 1f;
        }
        manager = NDManager.newBaseManager("PyTorch");
        engine = Engine.getEngine("PyTorch");
        x0 = manager.create(x.clone(), new Shape(ROWS, 1, 28, 28));
        oneHot = manager.create(hot, new Shape(ROWS, 10));
        c1 = manager.create(data.conv1, new Shape(16, 1, 3, 3));
        cb1 = manager.create(data.conv1b, new Shape(16));
        c2 = manager.create(data.conv2, new Shape(32, 16, 3, 3));
        cb2 = manager.create(data.conv2b, new Shape(32));
        fc = manager.create(PyTorchPeer.transposed(data.fc, 32 * 5 * 5, 10), new Shape(10, 32 * 5 * 5)); // nn.Linear's [out, in]
        fcb = manager.create(data.fcb, new Shape(10));
        JniUtils.setNumThreads(threads);
        JniUtils.setNumInteropThreads(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float[] pgd10_lucent() {
        return Parallel.withThreads(threads, () -> lucent.linf(x, labels, BUDGET, STEPS));
    }

    @Benchmark
    public float[] pgd10_pytorch() {
        try (NDManager scope = manager.newSubManager()) {
            float alpha = 2.5f * BUDGET / STEPS;
            NDArray adv = x0.duplicate();
            adv.attach(scope);
            for (int s = 0; s < STEPS; s++) {
                NDArray xs = adv.stopGradient();
                xs.attach(scope);
                xs.setRequiresGradient(true);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray z = PyTorchPeer.cnn(xs, c1, cb1, c2, cb2, fc, fcb);
                    NDArray own = z.mul(oneHot).sum(new int[] {1});
                    NDArray rival = z.sub(oneHot.mul(1e4f)).max(new int[] {1});
                    gc.backward(rival.sub(own).sum());
                }
                NDArray step = xs.getGradient().sign().muli(s == 0 ? BUDGET : alpha);
                adv = adv.add(step).sub(x0).clip(-BUDGET, BUDGET).add(x0).clip(0f, 1f);
            }
            return adv.toFloatArray();
        }
    }
}
