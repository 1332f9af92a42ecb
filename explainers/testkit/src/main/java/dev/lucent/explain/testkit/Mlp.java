package dev.lucent.explain.testkit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A hand-written one-hidden-layer ReLU network, out = W2 relu(W1 x + b1) + b2, with manual gradients and a
 * plain SGD trainer (softmax cross-entropy), so explainers can be checked on a real nonlinear network.
 * Layers: "hidden" (the ReLU outputs) and "output" (the logits).
 */
public final class Mlp extends FixtureModel {
    final int in, hidden, out;
    final double[][] w1, w2;
    final double[] b1, b2;
    private final OutputKind kind;

    public Mlp(int in, int hidden, int out, OutputKind kind, long seed) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.kind = kind;
        w1 = new double[hidden][in];
        w2 = new double[out][hidden];
        b1 = new double[hidden];
        b2 = new double[out];
        SplittableRandom r = new SplittableRandom(seed);
        init(w1, b1, r);
        init(w2, b2, r);
    }

    private Mlp(Mlp o) {
        in = o.in;
        hidden = o.hidden;
        out = o.out;
        kind = o.kind;
        w1 = deep(o.w1);
        w2 = deep(o.w2);
        b1 = o.b1.clone();
        b2 = o.b2.clone();
    }

    private static double[][] deep(double[][] a) {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    private static void init(double[][] w, double[] b, SplittableRandom r) {
        double scale = Math.sqrt(2.0 / w[0].length); // He initialisation
        for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian() * scale;
        for (int i = 0; i < b.length; i++) b[i] = 0.1 * r.nextGaussian();
    }

    @Override
    public String name() {
        return "hand-written MLP " + in + "-" + hidden + "-" + out;
    }

    @Override
    public int[] inputShape() {
        return new int[]{in};
    }

    @Override
    public int outputCount() {
        return out;
    }

    @Override
    public OutputKind outputKind() {
        return kind;
    }

    /** Sets the weight of output unit {@code o} on hidden unit {@code h} (to plant structure in tests). */
    public Mlp setOutputWeight(int o, int h, double v) {
        w2[o][h] = v;
        return this;
    }

    /** Sets the weight of hidden unit {@code h} on input {@code j}. */
    public Mlp setHiddenWeight(int h, int j, double v) {
        w1[h][j] = v;
        return this;
    }

    double[] preActivation(float[] x) {
        double[] z = new double[hidden];
        for (int h = 0; h < hidden; h++) {
            double s = b1[h];
            for (int j = 0; j < in; j++) s += w1[h][j] * x[j];
            z[h] = s;
        }
        return z;
    }

    double[] logits(double[] a) {
        double[] o = new double[out];
        for (int k = 0; k < out; k++) {
            double s = b2[k];
            for (int h = 0; h < hidden; h++) s += w2[k][h] * a[h];
            o[k] = s;
        }
        return o;
    }

    private static double[] relu(double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) a[i] = Math.max(0, z[i]);
        return a;
    }

    @Override
    protected float[] forward(float[] x) {
        double[] o = logits(relu(preActivation(x)));
        float[] f = new float[out];
        for (int k = 0; k < out; k++) f[k] = (float) o[k];
        return f;
    }

    @Override
    protected float[] gradient(float[] x, int target) {
        double[] z = preActivation(x);
        float[] g = new float[in];
        for (int j = 0; j < in; j++) {
            double s = 0;
            for (int h = 0; h < hidden; h++) if (z[h] > 0) s += w2[target][h] * w1[h][j];
            g[j] = (float) s;
        }
        return g;
    }

    @Override
    public List<String> layerNames() {
        return List.of("hidden", "output");
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        int n = rowsOf(batch);
        float[] x = batch.toArray();
        boolean hiddenLayer = layer.equals("hidden");
        if (!hiddenLayer && !layer.equals("output")) return super.traceLayer(layer, batch, targets);
        int width = hiddenLayer ? hidden : out;
        float[] act = new float[n * width], grad = new float[n * width];
        for (int i = 0; i < n; i++) {
            double[] a = relu(preActivation(Arrays.copyOfRange(x, i * in, (i + 1) * in)));
            double[] v = hiddenLayer ? a : logits(a);
            for (int u = 0; u < width; u++) {
                act[i * width + u] = (float) v[u];
                grad[i * width + u] = (float) (hiddenLayer ? w2[targets[i]][u] : (u == targets[i] ? 1 : 0));
            }
        }
        return new LayerTrace(layer, Tensor.of(act, n, width), Tensor.of(grad, n, width));
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        Mlp copy = new Mlp(this);
        SplittableRandom r = new SplittableRandom(seed);
        for (String l : layers) {
            switch (l) {
                case "hidden" -> init(copy.w1, copy.b1, r);
                case "output" -> init(copy.w2, copy.b2, r);
                default -> throw new IllegalArgumentException("no layer named " + l + " in " + name());
            }
        }
        return copy;
    }

    /**
     * Trains with minibatch SGD on softmax cross-entropy (or squared error for regression); returns the
     * final epoch's mean training loss.
     */
    public double train(float[] x, int[] labels, float[] targets, int epochs, int batch, double lr, long seed) {
        int n = x.length / in;
        SplittableRandom r = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double loss = 0;
        for (int e = 0; e < epochs; e++) {
            Permutation.shuffle(order, r);
            loss = 0;
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                double[][] gw1 = new double[hidden][in], gw2 = new double[out][hidden];
                double[] gb1 = new double[hidden], gb2 = new double[out];
                for (int p = start; p < end; p++) {
                    int i = order[p];
                    float[] xi = Arrays.copyOfRange(x, i * in, (i + 1) * in);
                    double[] z = preActivation(xi);
                    double[] a = relu(z);
                    double[] o = logits(a);
                    double[] d = new double[out];
                    if (kind == OutputKind.REGRESSION) {
                        d[0] = o[0] - targets[i];
                        loss += 0.5 * d[0] * d[0];
                    } else {
                        double max = Arrays.stream(o).max().orElse(0), sum = 0;
                        for (double v : o) sum += Math.exp(v - max);
                        for (int k = 0; k < out; k++) d[k] = Math.exp(o[k] - max) / sum - (k == labels[i] ? 1 : 0);
                        loss += -(o[labels[i]] - max - Math.log(sum));
                    }
                    for (int k = 0; k < out; k++) {
                        gb2[k] += d[k];
                        for (int h = 0; h < hidden; h++) gw2[k][h] += d[k] * a[h];
                    }
                    for (int h = 0; h < hidden; h++) {
                        if (z[h] <= 0) continue;
                        double dh = 0;
                        for (int k = 0; k < out; k++) dh += d[k] * w2[k][h];
                        gb1[h] += dh;
                        for (int j = 0; j < in; j++) gw1[h][j] += dh * xi[j];
                    }
                }
                double step = lr / (end - start);
                for (int k = 0; k < out; k++) {
                    b2[k] -= step * gb2[k];
                    for (int h = 0; h < hidden; h++) w2[k][h] -= step * gw2[k][h];
                }
                for (int h = 0; h < hidden; h++) {
                    b1[h] -= step * gb1[h];
                    for (int j = 0; j < in; j++) w1[h][j] -= step * gw1[h][j];
                }
            }
            loss /= n;
        }
        return loss;
    }
}
