package dev.lucent.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
import dev.lucent.explain.integratedgradients.core.Quadrature;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 5's explainer workloads. Every workload runs Lucent's own algorithm class (Gradients,
 * IntegratedGradients, KernelShap) on an {@link AuditableModel}: once on Lucent's engine, once on the same
 * network written over PyTorch through DJL ({@link DjlModel}). Weights, inputs, targets, batch sizes,
 * quadrature, coalitions and background are the same on both sides; only the model evaluations differ.
 */
final class ExplainerWorkloads implements AutoCloseable {

    static final int IG_STEPS = 50;
    static final Quadrature IG_RULE = Quadrature.GAUSS_LEGENDRE;
    static final int SHAP_ROWS = 100;
    static final int SHAP_BACKGROUND = 10;
    static final long SHAP_SEED = 5;

    final AuditableModel lucentMlp, lucentCnn, lucentTabular;
    final AuditableModel torchMlp, torchCnn, torchTabular;

    private final NDManager manager = NDManager.newBaseManager("PyTorch");
    private final Tensor images64, imagesCnn64, image1, zeros1, zeros64, tabularRows, background;
    private final double[] backgroundWeights;
    private final int[] labels64, label1, tabularTargets;

    ExplainerWorkloads(Workloads data, BreastCancer cancer) {
        LucentSide lucent = new LucentSide(data);
        lucentMlp = lucent.mlp;
        lucentCnn = lucent.cnn;
        Model tabular = Sequential.of("tabular", OutputKind.BINARY_LOGIT, 1, new int[]{cancer.columns()},
                new Linear(cancer.columns(), 32), dev.lucent.network.api.training.Activation.relu(), new Linear(32, 1));
        assign(tabular, data.tw1, data.tb1, data.tw2, data.tb2);
        lucentTabular = tabular;

        NDArray w1 = param(data.w1, 784, 256), b1 = param(data.b1, 256), w2 = param(data.w2, 256, 128),
                b2 = param(data.b2, 128), w3 = param(data.w3, 128, 10), b3 = param(data.b3, 10);
        torchMlp = new DjlModel(manager, "mlp", new int[]{784}, 10, OutputKind.CLASS_LOGITS, x -> {
            NDArray h1 = Activation.relu(x.matMul(w1).add(b1));
            NDArray h2 = Activation.relu(h1.matMul(w2).add(b2));
            return h2.matMul(w3).add(b3);
        });
        NDArray c1 = param(data.conv1, 16, 1, 3, 3), cb1 = param(data.conv1b, 16), c2 = param(data.conv2, 32, 16, 3, 3),
                cb2 = param(data.conv2b, 32), fc = param(data.fc, 32 * 5 * 5, 10), fcb = param(data.fcb, 10);
        Shape one = new Shape(1, 1), none = new Shape(0, 0), two = new Shape(2, 2);
        torchCnn = new DjlModel(manager, "cnn", new int[]{1, 28, 28}, 10, OutputKind.CLASS_LOGITS, x -> {
            NDArray h = Activation.relu(Conv2d.conv2d(x, c1, cb1, one, none, one, 1).singletonOrThrow());
            h = Pool.maxPool2d(h, two, two, none, false);
            h = Activation.relu(Conv2d.conv2d(h, c2, cb2, one, none, one, 1).singletonOrThrow());
            h = Pool.maxPool2d(h, two, two, none, false);
            return h.reshape(x.getShape().get(0), 32 * 5 * 5).matMul(fc).add(fcb);
        });
        NDArray t1 = param(data.tw1, cancer.columns(), 32), tb1 = param(data.tb1, 32), t2 = param(data.tw2, 32, 1), tb2 = param(data.tb2, 1);
        torchTabular = new DjlModel(manager, "tabular", new int[]{cancer.columns()}, 1, OutputKind.BINARY_LOGIT,
                x -> Activation.relu(x.matMul(t1).add(tb1)).matMul(t2).add(tb2));

        images64 = Tensor.of(data.x64.clone(), 64, 784);
        imagesCnn64 = Tensor.of(data.x64.clone(), 64, 1, 28, 28);
        image1 = Tensor.of(data.x1.clone(), 1, 784);
        zeros1 = Tensor.of(new float[784], 1, 784);
        zeros64 = Tensor.of(new float[64 * 784], 64, 784);
        labels64 = data.labels64.clone();
        label1 = new int[]{labels64[0]};

        int m = cancer.columns();
        if (cancer.rows() < SHAP_ROWS) throw new IllegalArgumentException("KernelSHAP workload needs " + SHAP_ROWS + " rows, data has " + cancer.rows());
        tabularRows = Tensor.of(Arrays.copyOf(cancer.features(), SHAP_ROWS * m), SHAP_ROWS, m);
        tabularTargets = new int[SHAP_ROWS]; // the single binary logit
        // the background as KernelShapExplainer builds it: the data summarised by k-means, computed once in Java
        KMeans.Summary summary = KMeans.summarise(Tensor.of(cancer.features().clone(), cancer.rows(), m), SHAP_BACKGROUND, SHAP_SEED);
        background = summary.centres();
        backgroundWeights = summary.weights();
    }

    /** Parameters do not require gradients: the explainers need input gradients only. */
    private NDArray param(float[] v, long... shape) {
        return manager.create(v, new Shape(shape));
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

    /** Rows per model call as the explainers choose them by default: what the default memory budget allows. */
    private static int batchRows(Tensor x) {
        return Batching.rowsPerBatch(Batching.DEFAULT_BUDGET_BYTES, Data.sampleSize(x.shape()));
    }

    /** Vanilla gradients of the labelled logit, 64 images on the MLP. */
    float[] saliencyMlp64(AuditableModel mlp) {
        return uncancelled(() -> new Gradients(batchRows(images64)).attribute(mlp, images64, null, labels64, Monitor.NONE).values());
    }

    /** The same on the CNN (images 1x28x28). */
    float[] saliencyCnn64(AuditableModel cnn) {
        return uncancelled(() -> new Gradients(batchRows(imagesCnn64)).attribute(cnn, imagesCnn64, null, labels64, Monitor.NONE).values());
    }

    /** Integrated gradients, 50 Gauss-Legendre steps, zero baseline, one image: one batch of 50 points. */
    IntegratedGradients.Result igMlp1(AuditableModel mlp) {
        return uncancelled(() -> new IntegratedGradients(IG_STEPS, IG_RULE, batchRows(image1)).integrate(mlp, image1, zeros1, label1, Monitor.NONE));
    }

    /** The same for 64 images: 3200 points in batches bounded by the default memory budget. */
    IntegratedGradients.Result igMlp64(AuditableModel mlp) {
        return uncancelled(() -> new IntegratedGradients(IG_STEPS, IG_RULE, batchRows(images64)).integrate(mlp, images64, zeros64, labels64, Monitor.NONE));
    }

    /** KernelSHAP (2 M + 2048 coalitions, paired sampling, fixed seed) for 100 rows against 10 k-means centres. */
    ShapleyResult kernelShap100(AuditableModel tabular) {
        return uncancelled(() -> new KernelShap(background, backgroundWeights, 0, SHAP_SEED, batchRows(tabularRows)).shapley(tabular, tabularRows, tabularTargets, Monitor.NONE));
    }

    private interface Work<T> {
        T run() throws AuditCancelledException;
    }

    private static <T> T uncancelled(Work<T> work) {
        try {
            return work.run();
        } catch (AuditCancelledException e) {
            throw new IllegalStateException("Monitor.NONE never cancels", e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
