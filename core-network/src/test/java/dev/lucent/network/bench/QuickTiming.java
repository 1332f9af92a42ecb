package dev.lucent.network.bench;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Init;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Mode;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.kernel.MatMul;
import dev.lucent.network.kernel.Parallel;

import java.util.List;

/**
 * A rough local timing (not a benchmark: no JMH, no peer): run with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes dev.lucent.network.bench.QuickTiming}.
 */
public final class QuickTiming {
    interface Body {
        void run();
    }

    static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Best of 5 repetitions; wall time and this thread's CPU time (the machine is shared, so CPU time is steadier). */
    static double time(String what, int iters, Body b) {
        for (int i = 0; i < Math.max(5, iters / 5); i++) b.run();
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime(), c0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) b.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / iters);
            bestCpu = Math.min(bestCpu, (MX.getCurrentThreadCpuTime() - c0) / 1e3 / iters);
        }
        System.out.printf("%-40s %10.1f us wall %10.1f us cpu%n", what, best, bestCpu);
        return bestCpu;
    }

    static void profile(String what, Body b) {
        try (dev.lucent.network.api.OpCounters c = dev.lucent.network.api.OpCounters.start()) {
            for (int i = 0; i < 5; i++) b.run();
            System.out.println("op profile of 5x " + what + ":");
            for (var s : c.snapshot())
                System.out.printf("  %-24s calls %6d  %8.2f ms  %8.2f GFLOP/s%n", s.op(), s.calls(), s.nanos() / 1e6, s.nanos() == 0 ? 0 : s.flops() / (double) s.nanos());
        }
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        System.out.println("vectorized matmul: " + MatMul.VECTORIZED + ", threads " + threads);
        Parallel.withThreads(threads, () -> {
            run();
            return null;
        });
    }

    static void run() {
        int m = 64, k = 784, n = 256;
        float[] a = Tensor.randn(1, m * k).toArray(), b = Tensor.randn(2, k * n).toArray(), c = new float[m * n];
        double us = time("matmul 64x784x256", 2000, () -> MatMul.gemm(m, n, k, a, 0, b, 0, c, 0));
        System.out.printf("  = %.1f GFLOP/s%n", 2.0 * m * n * k / us / 1e3);

        Model mlp = Sequential.of("mlp", OutputKind.CLASS_LOGITS, 1, new int[]{784},
                new Linear(784, 256), Activation.relu(), new Linear(256, 128), Activation.relu(), new Linear(128, 10));
        Tensor x64 = Tensor.uniform(3, 0, 1, 64, 784), x1 = Tensor.uniform(4, 0, 1, 1, 784);
        int[] labels = new int[64];
        for (int i = 0; i < 64; i++) labels[i] = i % 10;
        List<Parameter> params = mlp.trainableParameters();
        Optimizer sgd = Optimizer.sgd();
        time("MLP train step b64", 300, () -> {
            Tensor loss = Loss.CROSS_ENTROPY.compute(mlp.forward(x64, Mode.train(1)), labels, null, null);
            for (Parameter p : params) p.value().zeroGrad();
            loss.backward();
            sgd.step(params, 0.01f);
        });
        time("MLP input gradients b64", 300, () -> mlp.inputGradient(x64, labels));
        time("MLP inference b1", 3000, () -> mlp.predict(x1));
        time("MLP inference b64", 1000, () -> mlp.predict(x64));
        Tensor ig = Tensor.uniform(5, 0, 1, 50, 784);
        int[] t50 = new int[50];
        time("MLP integrated gradients 50 steps", 300, () -> mlp.inputGradient(ig, t50));

        Model cnn = Sequential.of("cnn", OutputKind.CLASS_LOGITS, 1, new int[]{1, 28, 28},
                new Conv2d(1, 16, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Conv2d(16, 32, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(32 * 49, 10));
        Tensor img = Tensor.uniform(6, 0, 1, 64, 1, 28, 28);
        List<Parameter> cp = cnn.trainableParameters();
        Body cnnStep = () -> {
            Tensor loss = Loss.CROSS_ENTROPY.compute(cnn.forward(img, Mode.train(1)), labels, null, null);
            for (Parameter p : cp) p.value().zeroGrad();
            loss.backward();
            sgd.step(cp, 0.01f);
        };
        time("CNN train step b64", 20, cnnStep);
        profile("CNN train step", cnnStep);
        profile("MLP train step", () -> {
            Tensor loss = Loss.CROSS_ENTROPY.compute(mlp.forward(x64, Mode.train(1)), labels, null, null);
            for (Parameter p : params) p.value().zeroGrad();
            loss.backward();
            sgd.step(params, 0.01f);
        });
    }
}
