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
            for (int n : new int[]{1, 64, 256}) {
                LucentSide.Batch lb = lucent.batch(n);
                PyTorchPeer.Batch tb = torch.batch(n);
                report("inference b" + n, lucent.inference(lb), torch.inference(tb));
                report("input gradients b" + n, lucent.inputGradients(lb), torch.inputGradients(tb));
            }
            report("integrated gradients", lucent.integratedGradients50(), torch.integratedGradients50());
            LucentSide.Batch lb = lucent.batch(64);
            PyTorchPeer.Batch tb = torch.batch(64);
            float l = 0, t = 0;
            for (int i = 0; i < 5; i++) {
                l = lucent.mlpTrainStep(lb);
                t = torch.mlpTrainStep(tb);
                System.out.printf("MLP loss at SGD step %d, batch 64: Lucent %.6f, PyTorch %.6f%n", i + 1, l, t);
            }
            for (int i = 0; i < 5; i++)
                System.out.printf("CNN loss at SGD step %d, batch 64: Lucent %.6f, PyTorch %.6f%n", i + 1,
                        lucent.cnnTrainStep(lb), torch.cnnTrainStep(tb));
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
