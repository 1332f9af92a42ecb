package dev.lucent.audit.runner;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * An ONNX model exported with a fixed batch of {@code B} rows (PyTorch's default when the exporter is not told the
 * batch is dynamic), audited on batches of any size: the imported graph runs whole chunks of {@code B} rows, so a
 * batch that is not a multiple of {@code B} is padded with copies of its last row and the padding's outputs,
 * gradients and activations are dropped. In an inference graph rows do not interact, so the real rows' results are
 * those of an unpadded run.
 */
final class FixedBatchModel implements AuditableModel {
    private final AuditableModel inner;
    private final int batch;

    FixedBatchModel(AuditableModel inner, int batch) {
        if (batch < 2) throw new IllegalArgumentException("a fixed batch needs padding only from 2 rows up, got " + batch);
        this.inner = inner;
        this.batch = batch;
    }

    int batch() {
        return batch;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int[] inputShape() {
        return inner.inputShape();
    }

    @Override
    public int outputCount() {
        return inner.outputCount();
    }

    @Override
    public OutputKind outputKind() {
        return inner.outputKind();
    }

    private int padding(int rows) {
        return rows == 0 ? 0 : (batch - rows % batch) % batch;
    }

    /** The batch with {@code pad} copies of its last row appended. */
    private static Tensor pad(Tensor t, int pad) {
        int[] shape = t.shape();
        int rows = shape[0];
        int per = rows == 0 ? 0 : t.size() / rows;
        float[] src = t.toArray();
        float[] out = Arrays.copyOf(src, (rows + pad) * per);
        for (int i = 0; i < pad; i++) System.arraycopy(src, (rows - 1) * per, out, (rows + i) * per, per);
        shape[0] = rows + pad;
        return Tensor.of(out, shape);
    }

    /** The first {@code rows} rows (axis 0) of a tensor. */
    private static Tensor head(Tensor t, int rows) {
        int[] shape = t.shape();
        if (shape[0] == rows) return t;
        int per = t.size() / shape[0];
        shape[0] = rows;
        return Tensor.of(Arrays.copyOf(t.toArray(), rows * per), shape);
    }

    @Override
    public Tensor predict(Tensor b) {
        int rows = b.shape()[0], pad = padding(rows);
        return pad == 0 ? inner.predict(b) : head(inner.predict(pad(b, pad)), rows);
    }

    @Override
    public Tensor inputGradient(Tensor b, int[] targets) {
        int rows = b.shape()[0], pad = padding(rows);
        if (pad == 0) return inner.inputGradient(b, targets);
        return head(inner.inputGradient(pad(b, pad), padTargets(targets, rows, pad)), rows);
    }

    private static int[] padTargets(int[] targets, int rows, int pad) {
        if (targets.length != rows) throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows");
        int[] t = Arrays.copyOf(targets, rows + pad);
        Arrays.fill(t, rows, rows + pad, targets[rows - 1]);
        return t;
    }

    @Override
    public List<String> layerNames() {
        return inner.layerNames();
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor b, int[] targets) {
        int rows = b.shape()[0], pad = padding(rows);
        if (pad == 0) return inner.traceLayer(layer, b, targets);
        LayerTrace t = inner.traceLayer(layer, pad(b, pad), padTargets(targets, rows, pad));
        return new LayerTrace(t.layer(), head(t.activations(), rows), head(t.gradients(), rows));
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        return new FixedBatchModel(inner.withRandomizedLayers(layers, seed), batch);
    }
}
