package dev.lucent.bench;

/**
 * Checks, before timing anything, that both engines compute the same thing on the same data:
 * java --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp benchmarks.jar dev.lucent.bench.PeerSmoke
 */
public final class PeerSmoke {
    public static void main(String[] args) {
        Workloads data = new Workloads(42);
        LucentSide lucent = new LucentSide(data);
        try (PyTorchPeer torch = new PyTorchPeer(data)) {
            report("matmul", lucent.matmul(), torch.matmul());
            report("inference b64", lucent.inferenceBatch64(), torch.inferenceBatch64());
            report("input gradients", lucent.inputGradients64(), torch.inputGradients64());
            report("integrated gradients", lucent.integratedGradients50(), torch.integratedGradients50());
            float l = 0, t = 0;
            for (int i = 0; i < 5; i++) {
                l = lucent.mlpTrainStep();
                t = torch.mlpTrainStep();
            }
            System.out.printf("MLP loss after 5 SGD steps: Lucent %.6f, PyTorch %.6f%n", l, t);
            System.out.printf("CNN loss first step: Lucent %.6f, PyTorch %.6f%n", lucent.cnnTrainStep(), torch.cnnTrainStep());
        }
    }

    static void report(String what, float[] a, float[] b) {
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
        }
        System.out.printf("%-22s %d values, max |Lucent - PyTorch| = %.3g (max |value| %.3g)%n", what, a.length, maxDiff, maxAbs);
    }
}
