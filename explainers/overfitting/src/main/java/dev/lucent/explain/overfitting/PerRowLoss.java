package dev.lucent.explain.overfitting;

/**
 * The loss of each row: cross-entropy {@code -ln p(true class)} for classifiers, squared error for regression.
 * Probabilities are clamped at 1e-12 so a confidently wrong row costs about 27.6 rather than infinity.
 */
final class PerRowLoss {
    private PerRowLoss() {
    }

    static final double FLOOR = 1e-12;

    static double[] crossEntropy(double[][] probabilities, int[] labels) {
        if (labels == null) throw new IllegalArgumentException("cross-entropy needs class labels");
        if (labels.length != probabilities.length)
            throw new IllegalArgumentException(probabilities.length + " predictions but " + labels.length + " labels");
        double[] l = new double[labels.length];
        for (int i = 0; i < l.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= probabilities[i].length)
                throw new IllegalArgumentException("label " + y + " of row " + i + " is not one of " + probabilities[i].length + " classes");
            l[i] = -StrictMath.log(Math.max(FLOOR, probabilities[i][y]));
        }
        return l;
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
