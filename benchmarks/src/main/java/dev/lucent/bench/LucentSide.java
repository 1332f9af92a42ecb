package dev.lucent.bench;

import dev.lucent.network.api.Activation;
import dev.lucent.network.api.Conv2d;
import dev.lucent.network.api.Flatten;
import dev.lucent.network.api.Linear;
import dev.lucent.network.api.Loss;
import dev.lucent.network.api.Model;
import dev.lucent.network.api.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Parameter;
import dev.lucent.network.api.Pool2d;
import dev.lucent.network.api.Sequential;
import dev.lucent.network.api.Tensor;
import java.util.List;

/** The same workloads as {@link PyTorchPeer}, on Lucent's engine, with the same weights and data. */
final class LucentSide {

    final Model mlp;
    final Model cnn;
    private final Tensor x64, x1, images64, matA, matB;
    private final int[] labels64;
    private final float[] image;
    private final Optimizer sgd = Optimizer.sgd();

    LucentSide(Workloads data) {
        mlp = Sequential.of("mlp", OutputKind.CLASS_LOGITS, 1, new int[]{784},
                new Linear(784, 256), Activation.relu(), new Linear(256, 128), Activation.relu(), new Linear(128, 10));
        assign(mlp, data.w1, data.b1, data.w2, data.b2, data.w3, data.b3);
        cnn = Model.builder("cnn", OutputKind.CLASS_LOGITS, 1, 28, 28).seed(1)
                .add("conv1", new Conv2d(1, 16, 3)).add("relu1", Activation.relu()).add("pool1", Pool2d.max(2, 2))
                .add("conv2", new Conv2d(16, 32, 3)).add("relu2", Activation.relu()).add("pool2", Pool2d.max(2, 2))
                .add("flat", new Flatten()).add("fc", new Linear(32 * 5 * 5, 10)).build();
        assign(cnn, data.conv1, data.conv1b, data.conv2, data.conv2b, data.fc, data.fcb);
        x64 = Tensor.of(data.x64.clone(), 64, 784);
        x1 = Tensor.of(data.x1.clone(), 1, 784);
        images64 = Tensor.of(data.x64.clone(), 64, 1, 28, 28);
        labels64 = data.labels64.clone();
        image = data.x1.clone();
        matA = Tensor.of(data.matA.clone(), 64, 784);
        matB = Tensor.of(data.matB.clone(), 784, 256);
    }

    private static void assign(Model m, float[]... values) {
        List<Parameter> ps = m.trainableParameters();
        if (ps.size() != values.length) throw new IllegalStateException(ps.size() + " parameters, " + values.length + " arrays");
        for (int i = 0; i < values.length; i++) {
            if (ps.get(i).size() != values[i].length)
                throw new IllegalStateException(ps.get(i).name() + " has " + ps.get(i).size() + " values, given " + values[i].length);
            ps.get(i).assign(values[i]);
        }
    }

    private float trainStep(Model m, Tensor x) {
        List<Parameter> params = m.trainableParameters();
        Tensor loss = Loss.CROSS_ENTROPY.compute(m.forward(x, dev.lucent.network.api.Mode.train(1)), labels64, null, null);
        for (Parameter p : params) p.value().zeroGrad();
        loss.backward();
        sgd.step(params, 0.01f);
        return loss.item();
    }

    float mlpTrainStep() {
        return trainStep(mlp, x64);
    }

    float cnnTrainStep() {
        return trainStep(cnn, images64);
    }

    float[] inputGradients64() {
        return mlp.inputGradient(x64, labels64).toArray();
    }

    /** Riemann-middle, 50 steps, zero baseline, steps as one batch (as the peer). */
    float[] integratedGradients50() {
        float[] path = new float[50 * 784];
        for (int s = 0; s < 50; s++) {
            float alpha = (s + 0.5f) / 50f;
            for (int j = 0; j < 784; j++) path[s * 784 + j] = alpha * image[j];
        }
        int[] targets = new int[50];
        java.util.Arrays.fill(targets, labels64[0]);
        float[] g = mlp.inputGradient(Tensor.of(path, 50, 784), targets).toArray();
        float[] attr = new float[784];
        for (int s = 0; s < 50; s++) for (int j = 0; j < 784; j++) attr[j] += g[s * 784 + j];
        for (int j = 0; j < 784; j++) attr[j] = attr[j] / 50f * image[j];
        return attr;
    }

    float[] inferenceBatch1() {
        return mlp.predict(x1).toArray();
    }

    float[] inferenceBatch64() {
        return mlp.predict(x64).toArray();
    }

    float[] matmul() {
        try (Tensor.Scope s = Tensor.noGrad()) {
            return matA.matmul(matB).toArray();
        }
    }
}
