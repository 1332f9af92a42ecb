package dev.lucent.plugin.kit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small multilayer perceptron, {@code logits = W2 tanh(W1 x + b1) + b2}, with exact gradients by hand-written
 * back-propagation and two traceable layers, {@code hidden} (the tanh activations) and {@code logits}. Its
 * weights are drawn from a seed: same seed, same model.
 */
public final class Mlp implements AuditableModel {

    public static final String HIDDEN = "hidden";
    public static final String LOGITS = "logits";

    private final int[] inputShape;
    private final int m;
    private final int h;
    private final int k;
    private final double[][] w1;
    private final double[] b1;
    private final double[][] w2;
    private final double[] b2;

    /** @param classes at least 2: the outputs are class logits */
    public Mlp(int[] inputShape, int hidden, int classes, long seed) {
        this(inputShape, hidden, classes, seed, seed);
    }

    private Mlp(int[] inputShape, int hidden, int classes, long seed1, long seed2) {
        if (classes < 2) throw new IllegalArgumentException("an MLP fixture classifies into at least 2 classes");
        this.inputShape = inputShape.clone();
        int size = 1;
        for (int d : inputShape) size *= d;
        this.m = size;
        this.h = hidden;
        this.k = classes;
        SplittableRandom r1 = new SplittableRandom(seed1);
        w1 = new double[h][m];
        b1 = new double[h];
        for (int a = 0; a < h; a++) {
            for (int j = 0; j < m; j++) w1[a][j] = r1.nextGaussian() * 2 / Math.sqrt(m);
            b1[a] = 0.1 * r1.nextGaussian();
        }
        SplittableRandom r2 = new SplittableRandom(seed2 ^ 0x5DEECE66DL);
        w2 = new double[k][h];
        b2 = new double[k];
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < h; a++) w2[c][a] = r2.nextGaussian() * 2 / Math.sqrt(h);
            b2[c] = 0.1 * r2.nextGaussian();
        }
    }

    @Override
    public String name() {
        return "mlp " + Arrays.toString(inputShape) + "-" + h + "-" + k;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int outputCount() {
        return k;
    }

    @Override
    public OutputKind outputKind() {
        return OutputKind.CLASS_LOGITS;
    }

    private double[][] hidden(float[] x, int n) {
        double[][] a = new double[n][h];
        for (int i = 0; i < n; i++)
            for (int u = 0; u < h; u++) {
                double s = b1[u];
                for (int j = 0; j < m; j++) s += w1[u][j] * x[i * m + j];
                a[i][u] = Math.tanh(s);
            }
        return a;
    }

    @Override
    public Tensor predict(Tensor batch) {
        int n = rows(batch);
        double[][] a = hidden(batch.toArray(), n);
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) {
                double s = b2[c];
                for (int u = 0; u < h; u++) s += w2[c][u] * a[i][u];
                out[i * k + c] = (float) s;
            }
        return Tensor.of(out, n, k);
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        int n = rows(batch);
        check(targets, n);
        double[][] a = hidden(batch.toArray(), n);
        float[] g = new float[n * m];
        for (int i = 0; i < n; i++) {
            double[] delta = new double[h];
            for (int u = 0; u < h; u++) delta[u] = w2[targets[i]][u] * (1 - a[i][u] * a[i][u]);
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int u = 0; u < h; u++) s += delta[u] * w1[u][j];
                g[i * m + j] = (float) s;
            }
        }
        return Tensor.of(g, batch.shape());
    }

    @Override
    public List<String> layerNames() {
        return List.of(HIDDEN, LOGITS);
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        int n = rows(batch);
        check(targets, n);
        switch (layer) {
            case HIDDEN -> {
                double[][] a = hidden(batch.toArray(), n);
                float[] act = new float[n * h];
                float[] grad = new float[n * h];
                for (int i = 0; i < n; i++)
                    for (int u = 0; u < h; u++) {
                        act[i * h + u] = (float) a[i][u];
                        grad[i * h + u] = (float) w2[targets[i]][u];
                    }
                return new LayerTrace(layer, Tensor.of(act, n, h), Tensor.of(grad, n, h));
            }
            case LOGITS -> {
                float[] grad = new float[n * k];
                for (int i = 0; i < n; i++) grad[i * k + targets[i]] = 1;
                return new LayerTrace(layer, predict(batch), Tensor.of(grad, n, k));
            }
            default -> throw new IllegalArgumentException("no layer '" + layer + "' (the MLP has " + layerNames() + ")");
        }
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        for (String l : layers)
            if (!layerNames().contains(l)) throw new IllegalArgumentException("no layer '" + l + "' (the MLP has " + layerNames() + ")");
        Mlp copy = new Mlp(inputShape, h, k, layers.contains(HIDDEN) ? seed : 0, layers.contains(LOGITS) ? seed : 0);
        if (!layers.contains(HIDDEN)) copyInto(w1, b1, copy.w1, copy.b1);
        if (!layers.contains(LOGITS)) copyInto(w2, b2, copy.w2, copy.b2);
        return copy;
    }

    private static void copyInto(double[][] w, double[] b, double[][] tw, double[] tb) {
        for (int i = 0; i < w.length; i++) System.arraycopy(w[i], 0, tw[i], 0, w[i].length);
        System.arraycopy(b, 0, tb, 0, b.length);
    }

    private int rows(Tensor batch) {
        int[] s = batch.shape();
        if (batch.size() != s[0] * m)
            throw new IllegalArgumentException("batch of shape " + Arrays.toString(s) + " for inputs of " + m + " values");
        return s[0];
    }

    private void check(int[] targets, int n) {
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        for (int t : targets) if (t < 0 || t >= k) throw new IllegalArgumentException("output unit " + t + " of " + k);
    }
}
