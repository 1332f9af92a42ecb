package dev.lucent.explain.counterfactuals;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.support.Constraints;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Standardizer;
import java.util.List;

/**
 * The features as a counterfactual search sees them, and what a counterfactual may do to each.
 *
 * <p>Three scales. The CSV's own units, in which the user names ranges and reads the changes. The model's inputs
 * ({@code (csv - mean) / std} with the model's own training statistics, {@link AuditContext#standardization()}; the CSV's
 * values as they are for an ONNX model). And the search's scale: each feature in training standard deviations
 * ({@code (csv - training mean) / training SD}), so a distance weighs every feature alike whatever the model's input
 * scaling; for a Lucent model it is the model's input scale.
 *
 * <p>The constraints are {@link Constraints}, in the CSV's units (shared with the tabular attacks); this class maps
 * the search's points to them and back.
 */
final class FeatureSpace {

    final List<String> names;
    final int width;
    final Constraints constraints;
    private final double[] mean, sd;
    private final float[] inMean, inStd;
    /** The training rows on the search scale, and their labels (for plausibility and the model-agnostic search's seeds). */
    final double[][] train;
    final int[] trainLabels;

    private FeatureSpace(List<String> names, Constraints constraints, double[] mean, double[] sd, float[] inMean, float[] inStd,
                         double[][] train, int[] trainLabels) {
        this.names = names;
        this.width = names.size();
        this.constraints = constraints;
        this.mean = mean;
        this.sd = sd;
        this.inMean = inMean;
        this.inStd = inStd;
        this.train = train;
        this.trainLabels = trainLabels;
    }

    static FeatureSpace of(AuditContext context) {
        return of(context, List.of());
    }

    /** With {@code alsoImmutable} held fixed besides the features the parameter {@code immutable} names. */
    static FeatureSpace of(AuditContext context, List<String> alsoImmutable) {
        List<String> names = context.schema().featureNames();
        int d = names.size();
        DataSplit trainCsv = context.inCsvUnits(context.train());
        float[] x = trainCsv.features().toArray();
        int n = trainCsv.rows();
        double[] mean = new double[d], sd = new double[d];
        int[] counted = new int[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                if (!Double.isFinite(v)) continue;
                mean[j] += v;
                counted[j]++;
            }
        for (int j = 0; j < d; j++) mean[j] = counted[j] == 0 ? 0 : mean[j] / counted[j];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                if (Double.isFinite(v)) sd[j] += (v - mean[j]) * (v - mean[j]);
            }
        for (int j = 0; j < d; j++) {
            double s = counted[j] == 0 ? 0 : Math.sqrt(sd[j] / counted[j]);
            sd[j] = s > 1e-12 ? s : 1.0; // a constant feature: any change is a change of 1 unit
        }
        Standardizer st = context.standardization().orElse(Standardizer.identity(d));
        if (st.mean().length != d)
            throw new IllegalArgumentException("the model's standardization has " + st.mean().length + " features, the data " + d);
        Constraints constraints = Constraints.of(context, alsoImmutable);
        double[][] trainZ = new double[n][d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                trainZ[i][j] = Double.isFinite(v) ? (v - mean[j]) / sd[j] : 0;
            }
        return new FeatureSpace(List.copyOf(names), constraints, mean, sd, st.mean(), st.std(), trainZ, context.train().labels());
    }

    /** A row in the CSV's units on the search scale. */
    double[] fromCsv(float[] csv) {
        double[] z = new double[width];
        for (int j = 0; j < width; j++) z[j] = Double.isFinite(csv[j]) ? (csv[j] - mean[j]) / sd[j] : 0;
        return z;
    }

    double csv(int j, double z) {
        return mean[j] + sd[j] * z;
    }

    private double z(int j, double csv) {
        return (csv - mean[j]) / sd[j];
    }

    /** The model's input for a point on the search scale. */
    void toInput(double[] z, float[] into, int at) {
        for (int j = 0; j < width; j++) into[at + j] = (float) ((csv(j, z[j]) - inMean[j]) / inStd[j]);
    }

    /** d(margin)/d(search value) from d(margin)/d(model input): the chain rule through both scalings. */
    double gradientScale(int j) {
        return sd[j] / inStd[j];
    }

    /**
     * Puts {@code c} back where the convex constraints allow, in place: immutable features to the row's value, each
     * feature into its range (widened to the row's own value), monotone features no lower than the row's value.
     */
    void project(double[] c, double[] row) {
        for (int j = 0; j < width; j++) {
            if (constraints.immutable(j)) {
                c[j] = row[j];
                continue;
            }
            double r = csv(j, row[j]);
            double low = constraints.monotone(j) ? row[j] : Math.min(z(j, constraints.low(j, r)), row[j]);
            double high = Math.max(z(j, constraints.high(j, r)), row[j]);
            c[j] = Math.max(low, Math.min(high, c[j]));
        }
    }

    /** Significant digits a changed non-integer value keeps: what the report shows is exactly what the model was re-run on. */
    static final int DIGITS = 5;

    /**
     * {@code c} with every changed feature on a value the report can show as it is ({@link Constraints#awayFromRow}:
     * an integer or category rounded away from the row's value, so a change the decision needs is not rounded off, any
     * other value to {@value #DIGITS} significant digits); unchanged features keep the row's exact value.
     */
    double[] onValidValues(double[] c, double[] row) {
        double[] out = c.clone();
        for (int j = 0; j < width; j++) {
            if (c[j] == row[j]) continue;
            double v = csv(j, c[j]), r = csv(j, row[j]);
            // a change below the CSV value's precision is no change (rounding it down would undo a monotone rise)
            double w = v == r ? r : constraints.awayFromRow(j, v, r, DIGITS);
            out[j] = w == r ? row[j] : z(j, w);
        }
        return out;
    }

    /** Whether {@code c} keeps every constraint (ranges with a little slack for rounding). */
    boolean allows(double[] c, double[] row) {
        for (int j = 0; j < width; j++) if (c[j] != row[j] && !constraints.allows(j, csv(j, c[j]), csv(j, row[j]))) return false;
        return true;
    }

    /**
     * A feature's value in the CSV's units as a person reads it and as the model was run on it: the shortest text of
     * its float (the CSV is read as floats), so a row's own value reads as in the file and a changed one with its
     * {@value #DIGITS} digits.
     */
    String shown(int j, double z) {
        return constraints.shown(j, csv(j, z));
    }

    /** The integer features, in words for the report's note: how they were found. */
    String integerFeatures() {
        return constraints.integerFeatures();
    }

    /** Squared distance on the search scale. */
    static double distance2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return s;
    }

    /** Distance from {@code c} to the nearest training row labelled {@code target} (plausibility). */
    double nearestOfClass(double[] c, int target) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < train.length; i++)
            if (trainLabels != null && trainLabels[i] == target) best = Math.min(best, distance2(c, train[i]));
        return Math.sqrt(best);
    }
}
