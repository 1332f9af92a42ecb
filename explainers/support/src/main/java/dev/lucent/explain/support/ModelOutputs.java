package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.explain.api.partition.RowBlock;
import java.util.Arrays;
import java.util.List;

/** Runs the model over a split in bounded batches, checking for cancellation between batches. */
public final class ModelOutputs {
    private ModelOutputs() {
    }

    /** Rows per forward pass: bounded so a large split never sits in memory twice, and cancellation is timely. */
    public static final int BATCH = 256;

    /** Probabilities (classification) or raw outputs (regression), one row per sample. */
    public static double[][] outputs(AuditContext context, DataSplit split, double progressFrom, double progressTo)
            throws AuditCancelledException {
        float[] all = split.features().toArray();
        int n = split.rows();
        int width = n == 0 ? 0 : all.length / n;
        int[] sampleShape = Arrays.copyOfRange(split.features().shape(), 1, split.features().shape().length);
        double[][] out = new double[n][];
        for (int start = 0; start < n; start += BATCH) {
            context.checkCancelled();
            int rows = Math.min(BATCH, n - start);
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = rows;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            Tensor batch = Tensor.of(Arrays.copyOfRange(all, start * width, (start + rows) * width), shape);
            float[][] p = context.model().probabilities(batch);
            for (int i = 0; i < rows; i++) {
                out[start + i] = new double[p[i].length];
                for (int j = 0; j < p[i].length; j++) out[start + i][j] = p[i][j];
            }
            context.progress(progressFrom + (progressTo - progressFrom) * (start + rows) / n,
                    "model outputs for " + (start + rows) + " of " + n + " " + split.name() + " rows");
        }
        return out;
    }

    /**
     * A block's probabilities from the raw outputs the runner computed once for it: the same arithmetic as
     * {@code AuditableModel.probabilities} (sigmoid of a binary logit, softmax of class logits, regression values as
     * they are), so a partitioned explainer reads the numbers the whole-split path reads, bit for bit (a test holds the
     * two equal), without a second forward pass.
     */
    public static double[][] probabilities(AuditContext context, RowBlock block) {
        Tensor raw = block.outputs();
        int n = raw.shape()[0];
        int k = n == 0 ? 0 : raw.shape()[1];
        float[] v = raw.toArray();
        OutputKind kind = context.model().outputKind();
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            if (kind == OutputKind.BINARY_LOGIT) {
                float pos = (float) (1.0 / (1.0 + Math.exp(-v[i * k])));
                p[i] = new double[] {1f - pos, pos};
            } else if (kind == OutputKind.CLASS_LOGITS) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) max = Math.max(max, v[i * k + j]);
                double sum = 0;
                for (int j = 0; j < k; j++) sum += Math.exp(v[i * k + j] - max);
                p[i] = new double[k];
                for (int j = 0; j < k; j++) p[i][j] = (float) (Math.exp(v[i * k + j] - max) / sum);
            } else {
                p[i] = new double[k];
                for (int j = 0; j < k; j++) p[i][j] = v[i * k + j];
            }
        }
        return p;
    }

    /** A classifier block's probabilities, refusing outputs that do not match the data set's classes. */
    public static double[][] classProbabilities(AuditContext context, RowBlock block) {
        double[][] p = probabilities(context, block);
        List<String> names = context.schema().classNames();
        if (p.length > 0 && p[0].length != names.size()) throw new IllegalArgumentException(widthMismatch(p[0].length, names));
        return p;
    }

    /** The model's probabilities per row and the data set's classes disagree: the words every family uses. */
    static String widthMismatch(int width, List<String> names) {
        return "The model gives " + width + " class probabilities but the data set names " + names.size() + " classes " + names + ".";
    }

    /** How many probabilities per row {@link #probabilities} gives for this model. */
    static int probabilityWidth(AuditContext context) {
        return context.model().outputKind() == OutputKind.BINARY_LOGIT ? 2 : context.model().outputCount();
    }

    public static boolean isClassifier(AuditContext context) {
        return context.model().outputKind() != OutputKind.REGRESSION && context.schema().isClassification();
    }

    /** Index of the largest probability; the first wins a tie. */
    public static int[] argmax(double[][] p) {
        int[] t = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int j = 1; j < p[i].length; j++) if (p[i][j] > p[i][best]) best = j;
            t[i] = best;
        }
        return t;
    }

    public static double[] column(double[][] p, int j) {
        double[] c = new double[p.length];
        for (int i = 0; i < p.length; i++) c[i] = p[i][j];
        return c;
    }

    /**
     * The class recall is judged for. The parameter {@code positive-class} (a class name or index) decides;
     * without it, the minority class of the training labels, because in diagnosis data the disease is the rare
     * class and it is the one whose misses cost most (ties go to the higher index, sklearn's pos_label=1).
     */
    public static int positiveClass(AuditContext context) {
        List<String> names = context.schema().classNames();
        String given = context.parameters().get("positive-class");
        if (given != null) {
            int byName = names.indexOf(given.trim());
            if (byName >= 0) return byName;
            try {
                int idx = Integer.parseInt(given.trim());
                if (idx >= 0 && idx < names.size()) return idx;
            } catch (NumberFormatException ignored) {
                // fall through to the error naming the choices
            }
            throw new IllegalArgumentException("parameter positive-class: '" + given + "' is neither a class name "
                    + names + " nor an index below " + names.size());
        }
        long[] counts = new long[names.size()];
        if (context.train().labels() == null) return names.size() - 1;
        for (int y : context.train().labels()) if (y >= 0 && y < counts.length) counts[y]++;
        return minorityClass(counts);
    }

    /**
     * The default positive class from label counts per class: the rarest class present, ties to the higher index.
     * A runner that counts the labels elsewhere (Spark, over every row) applies the same rule through this.
     */
    public static int minorityClass(long[] counts) {
        int best = counts.length - 1;
        for (int k = counts.length - 1; k >= 0; k--) if (counts[k] > 0 && (counts[best] == 0 || counts[k] < counts[best])) best = k;
        return best;
    }

    public static String className(AuditContext context, int k) {
        List<String> names = context.schema().classNames();
        return k < names.size() ? names.get(k) : "class " + k;
    }
}
