package dev.lucent.explain.overfitting;

/**
 * The loss of each row: cross-entropy {@code -ln p(true class)} for classifiers, squared error for regression.
 * Cross-entropy is computed from the raw outputs by log-softmax (log-sigmoid for one binary logit) in double:
 * through float32 probabilities every row more confident than 1 - 6e-8 rounded to p = 1 and loss 0, so the
 * membership attack saw ties among exactly the rows it most needs to rank. A loss is capped at -ln(1e-12), about
 * 27.6, so one confidently wrong row cannot dominate a mean.
 */
final class PerRowLoss {
    private PerRowLoss() {
    }

    static final double FLOOR = 1e-12;
    private static final double CAP = -Math.log(FLOOR);

    /**
     * @param raw    per row the model's raw outputs: one logit per class, or one logit for class 1
     * @param binary whether {@code raw} holds one logit for class 1 (sigmoid) rather than one per class (softmax)
     */
    static double[] crossEntropy(double[][] raw, int[] labels, boolean binary) {
        if (labels == null) throw new IllegalArgumentException("cross-entropy needs class labels");
        if (labels.length != raw.length)
            throw new IllegalArgumentException(raw.length + " predictions but " + labels.length + " labels");
        double[] l = new double[labels.length];
        for (int i = 0; i < l.length; i++) {
            int y = labels[i];
            double[] z = raw[i];
            int classes = binary ? 2 : z.length;
            if (y < 0 || y >= classes)
                throw new IllegalArgumentException("label " + y + " of row " + i + " is not one of " + classes + " classes");
            double loss;
            if (binary) {
                loss = softplus(y == 1 ? -z[0] : z[0]); // -ln sigmoid(+-z)
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) max = Math.max(max, v);
                double sum = 0;
                for (double v : z) sum += StrictMath.exp(v - max);
                loss = max + StrictMath.log(sum) - z[y];
            }
            l[i] = Math.min(CAP, loss);
        }
        return l;
    }

    /** ln(1 + e^t) without overflow or loss of the small values. */
    private static double softplus(double t) {
        return Math.max(t, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(t)));
    }

    /** 1 where the raw outputs' predicted class is not the label, else 0. */
    static double[] errors(double[][] raw, int[] labels, boolean binary) {
        double[] e = new double[labels.length];
        for (int i = 0; i < e.length; i++) {
            int best = 0;
            if (binary) best = raw[i][0] > 0 ? 1 : 0;
            else for (int j = 1; j < raw[i].length; j++) if (raw[i][j] > raw[i][best]) best = j;
            e[i] = best == labels[i] ? 0 : 1;
        }
        return e;
    }

    static double[] squaredError(double[][] outputs, float[] targets) {
        if (targets == null) throw new IllegalArgumentException("squared error needs regression targets");
        int k = outputs.length == 0 ? 1 : outputs[0].length;
        if (targets.length != outputs.length * k)
            throw new IllegalArgumentException(outputs.length + " rows of " + k + " outputs but " + targets.length + " targets");
        double[] l = new double[outputs.length];
        for (int i = 0; i < l.length; i++)
            for (int j = 0; j < k; j++) {
                double e = outputs[i][j] - targets[i * k + j];
                l[i] += e * e / k;
            }
        return l;
    }

    static double mean(double[] values, int[] rows) {
        double s = 0;
        for (int r : rows) s += values[r];
        return rows.length == 0 ? Double.NaN : s / rows.length;
    }
}
