package dev.lucent.bench;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.training.ReusedStepArrays;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import java.util.List;

/** The same workloads as {@link PyTorchPeer}, on Lucent's engine, with the same weights and data. */
final class LucentSide {

    final Model mlp;
    final Model cnn;
    private final Workloads data;
    private final Tensor matA, matB;
    private final int label0;
    private final float[] image;
    private final Optimizer sgd = Optimizer.sgd();
    /**
     * Each train step reuses the previous step's arrays, as Lucent's own Trainer runs every step (and as PyTorch's
     * caching allocator hands a step the blocks the previous one freed); the step keeps no tensor past its end.
     */
    private final ReusedStepArrays stepArrays = new ReusedStepArrays();

    LucentSide(Workloads data) {
        mlp = Sequential.of("mlp", OutputKind.CLASS_LOGITS, 1, new int[]{784},
                new Linear(784, 256), Activation.relu(), new Linear(256, 128), Activation.relu(), new Linear(128, 10));
        assign(mlp, data.w1, data.b1, data.w2, data.b2, data.w3, data.b3);
        cnn = Model.builder("cnn", OutputKind.CLASS_LOGITS, 1, 28, 28).seed(1)
                .add("conv1", new Conv2d(1, 16, 3)).add("relu1", Activation.relu()).add("pool1", Pool2d.max(2, 2))
                .add("conv2", new Conv2d(16, 32, 3)).add("relu2", Activation.relu()).add("pool2", Pool2d.max(2, 2))
                .add("flat", new Flatten()).add("fc", new Linear(32 * 5 * 5, 10)).build();
        assign(cnn, data.conv1, data.conv1b, data.conv2, data.conv2b, data.fc, data.fcb);
        this.data = data;
        label0 = data.labels64[0];
        image = data.x1.clone();
        matA = Tensor.of(data.matA.clone(), 64, 784);
        matB = Tensor.of(data.matB.clone(), 784, 256);
    }

    /** One batch of the engine workloads: the rows {@code [n, 784]}, the same values as images {@code [n, 1, 28, 28]}, and their labels. */
    record Batch(Tensor rows, Tensor images, int[] labels) {
    }

    /** The first {@code n} rows of the workloads' data. */
    Batch batch(int n) {
        return new Batch(Tensor.of(data.rows(n), n, 784), Tensor.of(data.rows(n), n, 1, 28, 28), data.labels(n));
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

    /**
     * Forward, cross-entropy, the parameters' gradients zeroed, backward, SGD, inside a {@link ReusedStepArrays} step:
     * the previous step's activation and gradient arrays are reused, as {@code Trainer.fit} does (PyTorch's allocator
     * hands a loop its freed blocks back the same way, without zeroing them).
     */
    private float trainStep(Model m, Tensor x, int[] labels) {
        List<Parameter> params = m.trainableParameters();
        try (ReusedStepArrays.Step step = stepArrays.step()) {
            Tensor loss = Loss.CROSS_ENTROPY.compute(m.forward(x, dev.lucent.network.api.training.Mode.train(1)), labels, null, null);
            for (Parameter p : params) p.value().zeroGrad();
            loss.backward();
            sgd.step(params, 0.01f);
            return loss.item();
        }
    }

    /** Forward, cross-entropy, backward and an SGD step (lr 0.01). Returns the loss. */
    float mlpTrainStep(Batch b) {
        return trainStep(mlp, b.rows(), b.labels());
    }

    float cnnTrainStep(Batch b) {
        return trainStep(cnn, b.images(), b.labels());
    }

    /** d logit[label] / d input for every row, one backward pass. */
    float[] inputGradients(Batch b) {
        return mlp.inputGradient(b.rows(), b.labels()).toArray();
    }

    /** Riemann-middle, 50 steps, zero baseline, steps as one batch (as the peer). */
    float[] integratedGradients50() {
        float[] path = new float[50 * 784];
        for (int s = 0; s < 50; s++) {
            float alpha = (s + 0.5f) / 50f;
            for (int j = 0; j < 784; j++) path[s * 784 + j] = alpha * image[j];
        }
        int[] targets = new int[50];
        java.util.Arrays.fill(targets, label0);
        float[] g = mlp.inputGradient(Tensor.of(path, 50, 784), targets).toArray();
        float[] attr = new float[784];
        for (int s = 0; s < 50; s++) for (int j = 0; j < 784; j++) attr[j] += g[s * 784 + j];
        for (int j = 0; j < 784; j++) attr[j] = attr[j] / 50f * image[j];
        return attr;
    }

    float[] inference(Batch b) {
        return mlp.predict(b.rows()).toArray();
    }

    float[] matmul() {
        try (Tensor.Scope s = Tensor.noGrad()) {
            return matA.matmul(matB).toArray();
        }
    }
}
