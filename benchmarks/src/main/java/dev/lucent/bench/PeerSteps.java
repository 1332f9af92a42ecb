package dev.lucent.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/**
 * The PyTorch peer's MLP train step (batch 64, one thread) timed over 3,000 consecutive steps in blocks of 500: a
 * peer that leaks arrays or walks them all grows slower block by block (the previous peer did, 34 to 201 ms a step
 * on a loaded machine), a fair one stays flat. Not a benchmark, a check of the peer:
 * <pre>java --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar dev.lucent.bench.PeerSteps</pre>
 */
public final class PeerSteps {

    public static void main(String[] args) {
        try (PyTorchPeer torch = new PyTorchPeer(new Workloads(42))) {
            JniUtils.setNumThreads(1);
            PyTorchPeer.Batch b = torch.batch(64);
            int step = 0;
            for (int block = 0; block < 6; block++) {
                int n = 500;
                long t = System.nanoTime();
                for (int i = 0; i < n; i++, step++) torch.mlpTrainStep(b);
                System.out.printf(Locale.ROOT, "steps %d to %d: %.2f ms a step%n", step - n + 1, step, (System.nanoTime() - t) / 1e6 / n);
            }
        }
    }

    private PeerSteps() {
    }
}
