package dev.lucent.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;

/**
 * The peer: the same workloads written over PyTorch (libtorch CPU through DJL), as a PyTorch user would
 * write them with autograd. Shapes and data match {@link Workloads}.
 */
final class PyTorchPeer implements AutoCloseable {

    private final NDManager manager = NDManager.newBaseManager("PyTorch");
    private final Engine engine = Engine.getEngine("PyTorch");
    private final NDArray w1, b1, w2, b2, w3, b3;     // MLP 784-256-128-10
    private final NDArray c1, cb1, c2, cb2, fc, fcb;  // CNN conv 1->16 3x3, pool, conv 16->32 3x3, pool, linear
    private final NDArray x64, x1, oneHot64, images64, matA, matB;
    private final NDArray image, baseline, targetOneHot1;

    PyTorchPeer(Workloads data) {
        w1 = param(data.w1, 784, 256); b1 = param(data.b1, 256);
        w2 = param(data.w2, 256, 128); b2 = param(data.b2, 128);
        w3 = param(data.w3, 128, 10); b3 = param(data.b3, 10);
        c1 = param(data.conv1, 16, 1, 3, 3); cb1 = param(data.conv1b, 16);
        c2 = param(data.conv2, 32, 16, 3, 3); cb2 = param(data.conv2b, 32);
        fc = param(data.fc, 32 * 5 * 5, 10); fcb = param(data.fcb, 10);
        x64 = manager.create(data.x64, new Shape(64, 784));
        x1 = manager.create(data.x1, new Shape(1, 784));
        images64 = manager.create(data.x64, new Shape(64, 1, 28, 28));
        oneHot64 = manager.create(data.oneHot64, new Shape(64, 10));
        matA = manager.create(data.matA, new Shape(64, 784));
        matB = manager.create(data.matB, new Shape(784, 256));
        image = manager.create(data.x1, new Shape(1, 784));
        baseline = manager.zeros(new Shape(1, 784), DataType.FLOAT32);
        targetOneHot1 = manager.create(data.oneHot64, new Shape(64, 10)).get("0:1");
    }

    private NDArray param(float[] v, long... shape) {
        NDArray p = manager.create(v, new Shape(shape));
        p.setRequiresGradient(true);
        return p;
    }

    private NDArray mlp(NDArray x) {
        NDArray h1 = Activation.relu(x.matMul(w1).add(b1));
        NDArray h2 = Activation.relu(h1.matMul(w2).add(b2));
        return h2.matMul(w3).add(b3);
    }

    private NDArray cnn(NDArray x) {
        NDArray h = Activation.relu(Conv2d.conv2d(x, c1, cb1, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow());
        h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        h = Activation.relu(Conv2d.conv2d(h, c2, cb2, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow());
        h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        return h.reshape(64, 32 * 5 * 5).matMul(fc).add(fcb);
    }

    private void sgd(float lr, NDArray... params) {
        for (NDArray p : params) {
            try (NDArray step = p.getGradient().mul(lr)) {
                p.subi(step);
            }
        }
    }

    /** Forward, cross-entropy, backward and an SGD step at batch 64. Returns the loss. */
    float mlpTrainStep() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = x64.duplicate();
            x.attach(scope);
            NDArray loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.zeroGradients();
                loss = mlp(x).logSoftmax(1).mul(oneHot64).sum().neg().div(64f);
                gc.backward(loss);
            }
            sgd(0.01f, w1, b1, w2, b2, w3, b3); // outside the recorded graph, as torch.no_grad() in a PyTorch loop
            return loss.getFloat();
        }
    }

    float cnnTrainStep() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = images64.duplicate();
            x.attach(scope);
            NDArray loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.zeroGradients();
                loss = cnn(x).logSoftmax(1).mul(oneHot64).sum().neg().div(64f);
                gc.backward(loss);
            }
            sgd(0.01f, c1, cb1, c2, cb2, fc, fcb); // outside the recorded graph, as torch.no_grad() in a PyTorch loop
            return loss.getFloat();
        }
    }

    /** d logit[target] / d input for 64 images, one backward pass. */
    float[] inputGradients64() {
        try (NDManager scope = manager.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray x = x64.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            gc.backward(mlp(x).mul(oneHot64).sum());
            return x.getGradient().toFloatArray();
        }
    }

    /** Integrated gradients, 50 Riemann-middle steps for one image, steps as one batch. */
    float[] integratedGradients50() {
        try (NDManager scope = manager.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray alphas = scope.arange(0.5f, 50f, 1f).div(50f).reshape(50, 1);
            NDArray path = baseline.add(image.sub(baseline).mul(alphas));
            path.setRequiresGradient(true);
            NDArray target = targetOneHot1.broadcast(new Shape(50, 10));
            gc.backward(mlp(path).mul(target).sum());
            NDArray attributions = path.getGradient().mean(new int[]{0}).mul(image.sub(baseline));
            return attributions.toFloatArray();
        }
    }

    float[] inferenceBatch1() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = x1.duplicate();
            x.attach(scope);
            return mlp(x).toFloatArray();
        }
    }

    float[] inferenceBatch64() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = x64.duplicate();
            x.attach(scope);
            return mlp(x).toFloatArray();
        }
    }

    float[] matmul() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = matA.duplicate();
            a.attach(scope);
            return a.matMul(matB).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
