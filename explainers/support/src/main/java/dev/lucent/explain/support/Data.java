package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import java.util.Arrays;

/** Picking rows and targets out of an audit's data. */
public final class Data {
    private Data() {
    }

    /** The split explanations are computed on: held-out data if there is any, else the training data. */
    public static DataSplit evaluationSplit(AuditContext context) {
        return context.test().orElse(context.train());
    }

    /** Number of values in one sample of a batch of shape {@code [n, sample...]}. */
    public static int sampleSize(int[] batchShape) {
        int m = 1;
        for (int i = 1; i < batchShape.length; i++) m *= batchShape[i];
        return m;
    }

    /** The shape {@code [n, sample...]}. */
    public static int[] batchShape(int n, int[] sampleShape) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    /** The first {@code k} rows of a batch (all of them if there are fewer), copied. */
    public static Tensor firstRows(Tensor x, int k) {
        int[] shape = x.shape();
        int n = Math.min(k, shape[0]);
        int m = sampleSize(shape);
        shape[0] = n;
        return Tensor.of(Arrays.copyOf(x.toArray(), n * m), shape);
    }

    /**
     * Checks that the model takes samples of this shape and that every value is finite; names the problem
     * otherwise.
     */
    public static void requireCompatible(AuditableModel model, Tensor x) {
        int[] shape = x.shape();
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        if (!Arrays.equals(sample, model.inputShape()))
            throw new IllegalArgumentException("model " + model.name() + " takes samples of shape "
                    + Arrays.toString(model.inputShape()) + " but the data has " + Arrays.toString(sample));
        float[] v = x.toArray();
        int m = sampleSize(shape);
        for (int i = 0; i < v.length; i++)
            if (!Float.isFinite(v[i]))
                throw new IllegalArgumentException("row " + (i / m) + ", value " + (i % m) + " is " + v[i] + "; explainers need finite inputs");
    }

    /**
     * The output unit to explain per row: the parameter {@code target} if given (a class index), else the
     * predicted class (for a single binary logit or a regression output, unit 0).
     */
    public static int[] targets(AuditContext context, AuditableModel model, Tensor x, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int n = x.shape()[0];
        String given = context.parameter("target", "predicted").trim();
        if (!given.equals("predicted")) {
            int t;
            try {
                t = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter target must be 'predicted' or an output index, got '" + given + "'");
            }
            if (t < 0 || t >= model.outputCount())
                throw new IllegalArgumentException("parameter target " + t + " is not an output of " + model.name()
                        + " (it has " + model.outputCount() + ")");
            int[] all = new int[n];
            Arrays.fill(all, t);
            return all;
        }
        return predictedTargets(model, x, batchRows, monitor);
    }

    /**
     * The predicted class per row (argmax of the logits), predicted in batches of at most {@code batchRows};
     * unit 0 for binary-logit and regression models.
     */
    public static int[] predictedTargets(AuditableModel model, Tensor x, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int n = x.shape()[0];
        int[] t = new int[n];
        if (model.outputKind() != OutputKind.CLASS_LOGITS || model.outputCount() == 1) return t;
        int[] shape = x.shape();
        float[] out = predictRaw(model, x.toArray(), Arrays.copyOfRange(shape, 1, shape.length), n, batchRows, monitor);
        int k = model.outputCount();
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
            t[i] = best;
        }
        return t;
    }

    /** Output {@code targets[i]} of row {@code i} of a prediction. */
    public static double[] selected(Tensor output, int[] targets) {
        float[] out = output.toArray();
        int n = output.shape()[0];
        int k = output.shape()[1];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = out[i * k + targets[i]];
        return v;
    }

    /**
     * Output {@code targets[i]} for row {@code i} of flat samples {@code x}, predicted in batches of at most
     * {@code batchRows} rows.
     */
    public static double[] predictSelected(AuditableModel model, float[] x, int[] sampleShape, int[] targets, int batchRows) {
        try {
            return predictSelected(model, x, sampleShape, targets, batchRows, Monitor.NONE);
        } catch (AuditCancelledException e) {
            throw new IllegalStateException("Monitor.NONE never cancels", e);
        }
    }

    /** As above, asking the monitor before every batch. */
    public static double[] predictSelected(AuditableModel model, float[] x, int[] sampleShape, int[] targets, int batchRows,
                                           Monitor monitor) throws AuditCancelledException {
        int n = targets.length;
        int m = x.length / Math.max(1, n);
        double[] out = new double[n];
        for (int start = 0; start < n; start += batchRows) {
            monitor.progress((double) start / n, "predicting rows " + start + " of " + n);
            int end = Math.min(n, start + batchRows);
            Tensor batch = Tensor.of(Arrays.copyOfRange(x, start * m, end * m), batchShape(end - start, sampleShape));
            double[] part = selected(model.predict(batch), Arrays.copyOfRange(targets, start, end));
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }

    /** Raw outputs {@code rows * outputs} for flat samples, predicted in batches of at most {@code batchRows} rows. */
    public static float[] predictRaw(AuditableModel model, float[] x, int[] sampleShape, int rows, int batchRows,
                                     Monitor monitor) throws AuditCancelledException {
        int m = x.length / Math.max(1, rows);
        int k = model.outputCount();
        float[] out = new float[rows * k];
        for (int start = 0; start < rows; start += batchRows) {
            monitor.progress((double) start / rows, "predicting rows " + start + " of " + rows);
            int end = Math.min(rows, start + batchRows);
            float[] part = model.predict(Tensor.of(Arrays.copyOfRange(x, start * m, end * m), batchShape(end - start, sampleShape))).toArray();
            System.arraycopy(part, 0, out, start * k, part.length);
        }
        return out;
    }

    /** Each feature's mean over the rows of {@code data}, {@code m} values. */
    public static float[] featureMeans(Tensor data) {
        int n = data.shape()[0];
        int m = sampleSize(data.shape());
        float[] d = data.toArray();
        double[] s = new double[m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s[j] += d[i * m + j];
        float[] out = new float[m];
        for (int j = 0; j < m; j++) out[j] = (float) (s[j] / n);
        return out;
    }

    /**
     * The baselines an attribution was given, as {@code n * m} values for the {@code n} input rows: zeros when none
     * were, one row repeated when one was, else as they are.
     */
    public static float[] baselineRows(Tensor baselines, Tensor inputs) {
        int n = inputs.shape()[0];
        int m = sampleSize(inputs.shape());
        if (baselines == null) return new float[n * m];
        int[] bs = baselines.shape();
        if (sampleSize(bs) != m || (bs[0] != 1 && bs[0] != n) || bs.length != inputs.shape().length)
            throw new IllegalArgumentException("baselines of shape " + Arrays.toString(bs) + " for inputs of shape "
                    + Arrays.toString(inputs.shape()) + "; give one row or one per input row");
        float[] b = baselines.toArray();
        if (bs[0] == n) return b;
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) System.arraycopy(b, 0, out, i * m, m);
        return out;
    }
}
