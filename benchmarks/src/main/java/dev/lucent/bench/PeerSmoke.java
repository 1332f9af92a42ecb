package dev.lucent.bench;

/** Checks that the peer runs here, offline: java -cp benchmarks.jar dev.lucent.bench.PeerSmoke */
public final class PeerSmoke {
    public static void main(String[] args) {
        try (PyTorchPeer peer = new PyTorchPeer(new Workloads(42))) {
            float l0 = peer.mlpTrainStep();
            for (int i = 0; i < 20; i++) peer.mlpTrainStep();
            System.out.println("MLP loss " + l0 + " -> " + peer.mlpTrainStep());
            System.out.println("CNN loss " + peer.cnnTrainStep());
            System.out.println("IG sum " + sum(peer.integratedGradients50()));
            System.out.println("grad sum " + sum(peer.inputGradients64()));
            System.out.println("matmul[0] " + peer.matmul()[0]);
        }
    }

    static double sum(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s;
    }
}
