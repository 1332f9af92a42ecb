package dev.lucent.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Function;

/**
 * The peer: the same workloads as {@link LucentSide}, written over PyTorch (libtorch CPU through DJL) as a PyTorch
 * engineer would write the loop, with the same weights and data ({@link Workloads}). Each choice is what the
 * PyTorch loop does, so that only the engines differ (and DJL's own cost, a JNI call per op, which
 * {@code benchmarks/torch_peer.py} shows by running the same loop in Python):
 * <ul>
 * <li>Layers as {@code nn.Linear} runs them: weight {@code [out, in]}, one {@code F.linear} (addmm with the bias) a
 * layer. Convolution and pooling are {@code F.conv2d} and {@code F.max_pool2d}.</li>
 * <li>Training: {@code optimizer.zero_grad()} is {@link JniUtils#zeroGrad} on each of the six parameters and nothing
 * else (set_to_none=False: the gradients' memory is reused, as Lucent reuses its own); skipped before the first
 * backward, when no gradient exists yet, as zero_grad skips a None gradient. The SGD step is in place, outside
 * recording (DJL records only inside a GradientCollector, as {@code torch.no_grad()}): the gradient scaled in place,
 * then subtracted, no new array (torch.optim.SGD does one fused {@code add_(grad, alpha=-lr)}).</li>
 * <li>The loss: log-softmax and one product with the one-hot labels scaled by -1/n, summed: F.cross_entropy's
 * log_softmax and nll_loss, the labels prepared once in the set-up.</li>
 * <li>Inference, input gradients and integrated gradients use a second copy of the MLP's weights that does not
 * require gradients ({@code model.requires_grad_(False)}, as Captum's {@code torch.autograd.grad(out, x)} computes
 * no weight gradients), so backward computes the input's gradient only, as Lucent's {@code inputGradient} does.
 * The input that requires a gradient is a detached view of the batch made each call ({@code x.detach()
 * .requires_grad_()}: no copy), so its gradient never accumulates across calls.</li>
 * <li>Inputs are created once in the set-up and used as they are, no copy a call. Each call's intermediates live in
 * a sub-manager closed at the call's end (Python frees a step's tensors when their last reference goes; a
 * sub-manager costs a few Java objects); the call's input is attached to it for the call only ({@code tempAttach}),
 * so the ops on it land there, and so do the gradient handles the SGD step reads. The previous peer copied its
 * input every call, never freed the gradient handle {@code getGradient()} returns (six more arrays in the base
 * manager every step) and cleared gradients with {@code GradientCollector.zeroGradients()}, which walks every
 * array the engine holds, those included: the 14x of docs/benchmarks.md (issue 13).</li>
 * <li>Threads: the caller sets torch's intra-op threads ({@link JniUtils#setNumThreads}, torch.set_num_threads) to
 * the same count as Lucent's, and one inter-op thread.</li>
 * </ul>
 */
final class PyTorchPeer implements AutoCloseable {

    private static final float LEARNING_RATE = 0.01f;

    private final NDManager manager = NDManager.newBaseManager("PyTorch");
    private final Engine engine = Engine.getEngine("PyTorch");
    private final Workloads data;
    private final List<NDArray> mlpParams, cnnParams;      // require gradients: the train steps
    private final NDArray w1, b1, w2, b2, w3, b3;          // MLP 784-256-128-10 for training, nn.Linear layout
    private final NDArray c1, cb1, c2, cb2, fc, fcb;       // CNN conv 1->16 3x3, pool, conv 16->32 3x3, pool, linear
    private final NDArray fw1, fb1, fw2, fb2, fw3, fb3;    // the same MLP, not requiring gradients
    private final NDArray matA, matB, image, alphas, igTarget;
    private boolean mlpStepped, cnnStepped;

    /** One batch of the engine workloads: rows {@code [n, 784]}, the same values as images, the labels one-hot and as -onehot / n. */
    record Batch(NDArray rows, NDArray images, NDArray oneHot, NDArray lossWeights) {
    }

    PyTorchPeer(Workloads data) {
        this.data = data;
        w1 = param(transposed(data.w1, 784, 256), 256, 784); b1 = param(data.b1, 256);
        w2 = param(transposed(data.w2, 256, 128), 128, 256); b2 = param(data.b2, 128);
        w3 = param(transposed(data.w3, 128, 10), 10, 128); b3 = param(data.b3, 10);
        mlpParams = List.of(w1, b1, w2, b2, w3, b3);
        c1 = param(data.conv1, 16, 1, 3, 3); cb1 = param(data.conv1b, 16);
        c2 = param(data.conv2, 32, 16, 3, 3); cb2 = param(data.conv2b, 32);
        fc = param(transposed(data.fc, 32 * 5 * 5, 10), 10, 32 * 5 * 5); fcb = param(data.fcb, 10);
        cnnParams = List.of(c1, cb1, c2, cb2, fc, fcb);
        fw1 = constant(transposed(data.w1, 784, 256), 256, 784); fb1 = constant(data.b1, 256);
        fw2 = constant(transposed(data.w2, 256, 128), 128, 256); fb2 = constant(data.b2, 128);
        fw3 = constant(transposed(data.w3, 128, 10), 10, 128); fb3 = constant(data.b3, 10);
        matA = constant(data.matA, 64, 784);
        matB = constant(data.matB, 784, 256);
        image = constant(data.x1, 1, 784);
        float[] a = new float[50];
        for (int s = 0; s < 50; s++) a[s] = (s + 0.5f) / 50f; // Riemann middle points, as LucentSide
        alphas = constant(a, 50, 1);
        float[] target = new float[50 * 10];
        for (int s = 0; s < 50; s++) target[s * 10 + data.labels64[0]] = 1f;
        igTarget = constant(target, 50, 10);
    }

    /** The first {@code n} rows of the workloads' data, created once. */
    Batch batch(int n) {
        return new Batch(constant(data.rows(n), n, 784), constant(data.rows(n), n, 1, 28, 28),
                constant(data.oneHot(n, 1f), n, 10), constant(data.oneHot(n, -1f / n), n, 10));
    }

    private NDArray constant(float[] v, long... shape) {
        return manager.create(v, new Shape(shape));
    }

    private NDArray param(float[] v, long... shape) {
        NDArray p = constant(v, shape);
        p.setRequiresGradient(true);
        return p;
    }

    /** {@code v} as {@code [rows, cols]} row-major, returned as its transpose {@code [cols, rows]}. */
    static float[] transposed(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    private static NDArray mlp(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2, NDArray w3, NDArray b3) {
        NDArray h1 = Activation.relu(linear(x, w1, b1));
        NDArray h2 = Activation.relu(linear(h1, w2, b2));
        return linear(h2, w3, b3);
    }

    private NDArray cnn(NDArray x) {
        return cnn(x, c1, cb1, c2, cb2, fc, fcb);
    }

    /** The workloads' CNN over the given weights (conv 1->16 3x3, pool, conv 16->32 3x3, pool, linear 800->10). */
    static NDArray cnn(NDArray x, NDArray c1, NDArray cb1, NDArray c2, NDArray cb2, NDArray fc, NDArray fcb) {
        Shape one = new Shape(1, 1), none = new Shape(0, 0), two = new Shape(2, 2);
        NDArray h = Activation.relu(Conv2d.conv2d(x, c1, cb1, one, none, one, 1).singletonOrThrow());
        h = Pool.maxPool2d(h, two, two, none, false);
        h = Activation.relu(Conv2d.conv2d(h, c2, cb2, one, none, one, 1).singletonOrThrow());
        h = Pool.maxPool2d(h, two, two, none, false);
        return linear(h.reshape(x.getShape().get(0), 32 * 5 * 5), fc, fcb);
    }

    /** Runs {@code work} with {@code input} and everything made from it in a scope freed at the end. */
    private <T> T scoped(NDArray input, Function<NDManager, T> work) {
        try (NDManager scope = manager.newSubManager()) {
            input.tempAttach(scope);
            return work.apply(scope);
        }
    }

    private float trainStep(Batch b, NDArray x, List<NDArray> params, boolean stepped, Function<NDArray, NDArray> model) {
        return scoped(x, scope -> {
            if (stepped) for (NDArray p : params) JniUtils.zeroGrad((PtNDArray) p);
            NDArray loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
                loss = model.apply(x).logSoftmax(1).mul(b.lossWeights()).sum();
                gc.backward(loss);
            }
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.attach(scope);
                p.subi(g.muli(LEARNING_RATE));
            }
            return loss.getFloat();
        });
    }

    /** Forward, cross-entropy, backward and an SGD step (lr 0.01). Returns the loss. */
    float mlpTrainStep(Batch b) {
        float loss = trainStep(b, b.rows(), mlpParams, mlpStepped, x -> mlp(x, w1, b1, w2, b2, w3, b3));
        mlpStepped = true;
        return loss;
    }

    float cnnTrainStep(Batch b) {
        float loss = trainStep(b, b.images(), cnnParams, cnnStepped, this::cnn);
        cnnStepped = true;
        return loss;
    }

    /** d logit[label] / d input for every row, one backward pass, no weight gradients. */
    float[] inputGradients(Batch b) {
        return scoped(b.rows(), scope -> {
            NDArray x = b.rows().stopGradient();
            x.attach(scope);
            x.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.backward(mlp(x, fw1, fb1, fw2, fb2, fw3, fb3).mul(b.oneHot()).sum());
            }
            return x.getGradient().toFloatArray();
        });
    }

    /** Integrated gradients, 50 Riemann-middle steps for one image, zero baseline, steps as one batch. */
    float[] integratedGradients50() {
        return scoped(alphas, scope -> {
            NDArray path = alphas.mul(image);
            path.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.backward(mlp(path, fw1, fb1, fw2, fb2, fw3, fb3).mul(igTarget).sum());
            }
            return path.getGradient().mean(new int[]{0}).mul(image).toFloatArray();
        });
    }

    float[] inference(Batch b) {
        return scoped(b.rows(), scope -> mlp(b.rows(), fw1, fb1, fw2, fb2, fw3, fb3).toFloatArray());
    }

    float[] matmul() {
        return scoped(matA, scope -> matA.matMul(matB).toFloatArray());
    }

    @Override
    public void close() {
        manager.close();
    }
}
