package dev.lucent.explain.testkit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import java.util.List;
import java.util.SplittableRandom;

/** f_k(x) = w_k . x + b_k: every attribution method has a closed form on it. */
public final class LinearModel extends FixtureModel {
    private final float[][] w;
    private final float[] b;
    private final int[] inputShape;
    private final OutputKind kind;

    public LinearModel(float[][] w, float[] b, OutputKind kind, int... inputShape) {
        this.w = w;
        this.b = b;
        this.kind = kind;
        this.inputShape = inputShape.length == 0 ? new int[]{w[0].length} : inputShape.clone();
    }

    /** One output, regression. */
    public static LinearModel of(float... w) {
        return new LinearModel(new float[][]{w}, new float[]{0}, OutputKind.REGRESSION);
    }

    @Override
    public String name() {
        return "linear fixture";
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int outputCount() {
        return w.length;
    }

    @Override
    public OutputKind outputKind() {
        return kind;
    }

    public float[] weights(int output) {
        return w[output].clone();
    }

    @Override
    protected float[] forward(float[] x) {
        float[] out = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            double s = b[k];
            for (int j = 0; j < x.length; j++) s += (double) w[k][j] * x[j];
            out[k] = (float) s;
        }
        return out;
    }

    @Override
    protected float[] gradient(float[] x, int target) {
        return w[target].clone();
    }

    @Override
    public List<String> layerNames() {
        return List.of("linear");
    }

    @Override
    public dev.lucent.network.api.LayerTrace traceLayer(String layer, dev.lucent.network.api.Tensor batch, int[] targets) {
        if (!layer.equals("linear")) return super.traceLayer(layer, batch, targets);
        int n = rowsOf(batch);
        float[] grad = new float[n * w.length];
        for (int i = 0; i < n; i++) grad[i * w.length + targets[i]] = 1;
        return new dev.lucent.network.api.LayerTrace(layer, predict(batch), dev.lucent.network.api.Tensor.of(grad, n, w.length));
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        if (!layers.contains("linear")) return this;
        SplittableRandom r = new SplittableRandom(seed);
        float[][] nw = new float[w.length][w[0].length];
        for (float[] row : nw) for (int j = 0; j < row.length; j++) row[j] = (float) (r.nextDouble() * 2 - 1);
        return new LinearModel(nw, b.clone(), kind, inputShape);
    }
}
