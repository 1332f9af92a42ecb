package dev.lucent.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A model written over PyTorch (libtorch through DJL) behind Lucent's {@link AuditableModel}, so the very same
 * explainer algorithm class runs on both engines and only the model evaluations differ. Predict is a plain
 * forward; inputGradient is one forward and one backward of sum_i out[i, targets[i]] with the parameters not
 * requiring gradients, so only the input gradient is computed (as Captum's torch.autograd.grad does, and as
 * Lucent's inputGradient switches parameter gradients off).
 *
 * <p>Each call copies the batch into native memory once (what any Java caller of libtorch pays; the copy goes
 * through {@code Tensor.toArray}, Lucent's only way out) and frees its intermediates with a sub-manager closed at
 * the call's end, as Python frees a call's tensors. The parameters are never zeroed or walked: they require no
 * gradient. The benchmarked algorithms use only predict and inputGradient; the adapter exposes no inner layers.
 */
final class DjlModel implements AuditableModel {

    private final NDManager manager;
    private final Engine engine = Engine.getEngine("PyTorch");
    private final String name;
    private final int[] inputShape;
    private final int outputs;
    private final OutputKind kind;
    private final UnaryOperator<NDArray> forward;

    /**
     * @param manager where the parameters live; each call works in a sub-manager of it, freed at the call's end
     * @param forward maps a batch {@code [n, inputShape...]} to {@code [n, outputs]}
     */
    DjlModel(NDManager manager, String name, int[] inputShape, int outputs, OutputKind kind, UnaryOperator<NDArray> forward) {
        this.manager = manager;
        this.name = name;
        this.inputShape = inputShape.clone();
        this.outputs = outputs;
        this.kind = kind;
        this.forward = forward;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int outputCount() {
        return outputs;
    }

    @Override
    public OutputKind outputKind() {
        return kind;
    }

    private void check(Tensor batch) {
        int[] s = batch.shape();
        if (!Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape))
            throw new IllegalArgumentException(name + " takes samples of shape " + Arrays.toString(inputShape)
                    + ", got a batch of shape " + Arrays.toString(s));
    }

    private static Shape shapeOf(Tensor t) {
        return new Shape(Arrays.stream(t.shape()).asLongStream().toArray());
    }

    @Override
    public Tensor predict(Tensor batch) {
        check(batch);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(batch.toArray(), shapeOf(batch));
            return Tensor.of(forward.apply(x).toFloatArray(), batch.shape()[0], outputs);
        }
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        check(batch);
        int n = batch.shape()[0];
        if (targets.length != n) throw new IllegalArgumentException("need one target per row: " + n + " rows, " + targets.length + " targets");
        float[] seed = new float[n * outputs];
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= outputs)
                throw new IllegalArgumentException("target " + targets[i] + " of row " + i + " is outside outputs 0.." + (outputs - 1));
            seed[i * outputs + targets[i]] = 1f;
        }
        try (NDManager scope = manager.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray x = scope.create(batch.toArray(), shapeOf(batch));
            x.setRequiresGradient(true);
            NDArray selected = forward.apply(x).mul(scope.create(seed, new Shape(n, outputs))).sum();
            gc.backward(selected);
            return Tensor.of(x.getGradient().toFloatArray(), batch.shape());
        }
    }

    @Override
    public List<String> layerNames() {
        return List.of();
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        throw new IllegalArgumentException("no layer '" + layer + "': the DJL benchmark adapter " + name + " exposes no inner layers");
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        throw new UnsupportedOperationException("the DJL benchmark adapter " + name + " cannot re-draw layers; "
                + "the benchmarked explainers (saliency, integrated gradients, KernelSHAP) never ask for it");
    }
}
