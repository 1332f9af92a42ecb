package dev.lucent.explain.testkit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A hand-written convolutional network on {@code [1, h, w]} images: C 3x3 filters with zero "same" padding
 * and ReLU (layer "conv", activations {@code [n, C, h, w]}), then a dense layer to the class logits
 * (layer "dense"). Manual gradients and a plain SGD trainer.
 */
public final class ConvNet extends FixtureModel {
    final int h, w, channels, classes;
    final double[][][] kernel; // [c][3][3]
    final double[] kernelBias;
    final double[][] dense; // [classes][c*h*w]
    final double[] denseBias;

    public ConvNet(int h, int w, int channels, int classes, long seed) {
        this.h = h;
        this.w = w;
        this.channels = channels;
        this.classes = classes;
        kernel = new double[channels][3][3];
        kernelBias = new double[channels];
        dense = new double[classes][channels * h * w];
        denseBias = new double[classes];
        SplittableRandom r = new SplittableRandom(seed);
        initConv(r);
        initDense(r);
    }

    private ConvNet(ConvNet o) {
        h = o.h;
        w = o.w;
        channels = o.channels;
        classes = o.classes;
        kernel = new double[channels][3][3];
        for (int c = 0; c < channels; c++) for (int i = 0; i < 3; i++) kernel[c][i] = o.kernel[c][i].clone();
        kernelBias = o.kernelBias.clone();
        dense = Arrays.stream(o.dense).map(double[]::clone).toArray(double[][]::new);
        denseBias = o.denseBias.clone();
    }

    /** Sets filter {@code c} (3x3) and its bias, to build networks with known maps. */
    public ConvNet setFilter(int c, double[][] k, double bias) {
        for (int i = 0; i < 3; i++) kernel[c][i] = k[i].clone();
        kernelBias[c] = bias;
        return this;
    }

    /** Sets the dense weights of class {@code k} (length channels * h * w) and its bias. */
    public ConvNet setDense(int k, double[] weights, double bias) {
        dense[k] = weights.clone();
        denseBias[k] = bias;
        return this;
    }

    private void initConv(SplittableRandom r) {
        double s = Math.sqrt(2.0 / 9);
        for (double[][] k : kernel) for (double[] row : k) for (int i = 0; i < 3; i++) row[i] = r.nextGaussian() * s;
        for (int c = 0; c < channels; c++) kernelBias[c] = 0.01 * r.nextGaussian();
    }

    private void initDense(SplittableRandom r) {
        double s = Math.sqrt(2.0 / dense[0].length);
        for (double[] row : dense) for (int i = 0; i < row.length; i++) row[i] = r.nextGaussian() * s;
        for (int k = 0; k < classes; k++) denseBias[k] = 0.01 * r.nextGaussian();
    }

    @Override
    public String name() {
        return "hand-written CNN " + channels + "x3x3 on " + h + "x" + w;
    }

    @Override
    public int[] inputShape() {
        return new int[]{1, h, w};
    }

    @Override
    public int outputCount() {
        return classes;
    }

    @Override
    public OutputKind outputKind() {
        return OutputKind.CLASS_LOGITS;
    }

    /** Pre-activations of the conv layer, {@code [c][y*w + x]}. */
    double[][] convZ(float[] x) {
        double[][] z = new double[channels][h * w];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < w; xx++) {
                    double s = kernelBias[c];
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy, xs = xx + dx;
                            if (yy >= 0 && yy < h && xs >= 0 && xs < w) s += kernel[c][dy + 1][dx + 1] * x[yy * w + xs];
                        }
                    z[c][y * w + xx] = s;
                }
        return z;
    }

    double[] flatRelu(double[][] z) {
        double[] a = new double[channels * h * w];
        for (int c = 0; c < channels; c++) for (int p = 0; p < h * w; p++) a[c * h * w + p] = Math.max(0, z[c][p]);
        return a;
    }

    double[] logits(double[] a) {
        double[] o = new double[classes];
        for (int k = 0; k < classes; k++) {
            double s = denseBias[k];
            for (int i = 0; i < a.length; i++) s += dense[k][i] * a[i];
            o[k] = s;
        }
        return o;
    }

    @Override
    protected float[] forward(float[] x) {
        double[] o = logits(flatRelu(convZ(x)));
        float[] f = new float[classes];
        for (int k = 0; k < classes; k++) f[k] = (float) o[k];
        return f;
    }

    /** d(loss)/dx given d(loss)/d(conv pre-activation). */
    private double[] inputGradFromDz(double[][] dz) {
        double[] g = new double[h * w];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < w; xx++) {
                    double d = dz[c][y * w + xx];
                    if (d == 0) continue;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy, xs = xx + dx;
                            if (yy >= 0 && yy < h && xs >= 0 && xs < w) g[yy * w + xs] += kernel[c][dy + 1][dx + 1] * d;
                        }
                }
        return g;
    }

    private double[][] dzFromDa(double[][] z, double[] da) {
        double[][] dz = new double[channels][h * w];
        for (int c = 0; c < channels; c++)
            for (int p = 0; p < h * w; p++) dz[c][p] = z[c][p] > 0 ? da[c * h * w + p] : 0;
        return dz;
    }

    @Override
    protected float[] gradient(float[] x, int target) {
        double[] g = inputGradFromDz(dzFromDa(convZ(x), dense[target]));
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) f[i] = (float) g[i];
        return f;
    }

    @Override
    public List<String> layerNames() {
        return List.of("conv", "dense");
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        int n = rowsOf(batch);
        float[] x = batch.toArray();
        int m = h * w;
        if (layer.equals("conv")) {
            int size = channels * m;
            float[] act = new float[n * size], grad = new float[n * size];
            for (int i = 0; i < n; i++) {
                double[] a = flatRelu(convZ(Arrays.copyOfRange(x, i * m, (i + 1) * m)));
                for (int u = 0; u < size; u++) {
                    act[i * size + u] = (float) a[u];
                    grad[i * size + u] = (float) dense[targets[i]][u];
                }
            }
            return new LayerTrace(layer, Tensor.of(act, n, channels, h, w), Tensor.of(grad, n, channels, h, w));
        }
        if (layer.equals("dense")) {
            float[] act = predict(batch).toArray(), grad = new float[n * classes];
            for (int i = 0; i < n; i++) grad[i * classes + targets[i]] = 1;
            return new LayerTrace(layer, Tensor.of(act, n, classes), Tensor.of(grad, n, classes));
        }
        return super.traceLayer(layer, batch, targets);
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        ConvNet copy = new ConvNet(this);
        SplittableRandom r = new SplittableRandom(seed);
        for (String l : layers) {
            switch (l) {
                case "conv" -> copy.initConv(r);
                case "dense" -> copy.initDense(r);
                default -> throw new IllegalArgumentException("no layer named " + l + " in " + name());
            }
        }
        return copy;
    }

    /** Minibatch SGD on softmax cross-entropy; returns the last epoch's mean loss. */
    public double train(float[] x, int[] labels, int epochs, int batch, double lr, long seed) {
        int m = h * w;
        int n = x.length / m;
        SplittableRandom r = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double loss = 0;
        for (int e = 0; e < epochs; e++) {
            Permutation.shuffle(order, r);
            loss = 0;
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                double[][][] gk = new double[channels][3][3];
                double[] gkb = new double[channels];
                double[][] gd = new double[classes][channels * m];
                double[] gdb = new double[classes];
                for (int p = start; p < end; p++) {
                    int i = order[p];
                    float[] xi = Arrays.copyOfRange(x, i * m, (i + 1) * m);
                    double[][] z = convZ(xi);
                    double[] a = flatRelu(z);
                    double[] o = logits(a);
                    double max = Arrays.stream(o).max().orElse(0), sum = 0;
                    for (double v : o) sum += Math.exp(v - max);
                    loss += -(o[labels[i]] - max - Math.log(sum));
                    double[] da = new double[a.length];
                    for (int k = 0; k < classes; k++) {
                        double d = Math.exp(o[k] - max) / sum - (k == labels[i] ? 1 : 0);
                        gdb[k] += d;
                        for (int u = 0; u < a.length; u++) {
                            gd[k][u] += d * a[u];
                            da[u] += d * dense[k][u];
                        }
                    }
                    double[][] dz = dzFromDa(z, da);
                    for (int c = 0; c < channels; c++)
                        for (int y = 0; y < h; y++)
                            for (int xx = 0; xx < w; xx++) {
                                double d = dz[c][y * w + xx];
                                if (d == 0) continue;
                                gkb[c] += d;
                                for (int dy = -1; dy <= 1; dy++)
                                    for (int dx = -1; dx <= 1; dx++) {
                                        int yy = y + dy, xs = xx + dx;
                                        if (yy >= 0 && yy < h && xs >= 0 && xs < w) gk[c][dy + 1][dx + 1] += d * xi[yy * w + xs];
                                    }
                            }
                }
                double step = lr / (end - start);
                for (int k = 0; k < classes; k++) {
                    denseBias[k] -= step * gdb[k];
                    for (int u = 0; u < channels * m; u++) dense[k][u] -= step * gd[k][u];
                }
                for (int c = 0; c < channels; c++) {
                    kernelBias[c] -= step * gkb[c];
                    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) kernel[c][i][j] -= step * gk[c][i][j];
                }
            }
            loss /= n;
        }
        return loss;
    }
}
