package dev.lucent.explain.counterfactuals;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Standardizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.TreeSet;

/**
 * The features as a counterfactual search sees them, and what a counterfactual may do to each.
 *
 * <p>Three scales. The CSV's own units, in which the user names ranges and reads the changes. The model's inputs
 * ({@code (csv - mean) / std} with the model's own training statistics, {@link AuditContext#standardization()}; the CSV's
 * values as they are for an ONNX model). And the search's scale: each feature in training standard deviations
 * ({@code (csv - training mean) / training SD}), so a distance weighs every feature alike whatever the model's input
 * scaling; for a Lucent model it is the model's input scale.
 *
 * <p>The constraints, all in the CSV's units: immutable features keep their value; each feature stays in its allowed
 * range (default: the training data's minimum to maximum, widened to the row's own value when that lies outside);
 * monotone features may only increase; integer features (every training value a whole number) and categorical ones
 * (named by the user; their values are those seen in training) end on a value of their kind.
 */
final class FeatureSpace {

    final List<String> names;
    final int width;
    private final double[] mean, sd;
    private final float[] inMean, inStd;
    private final double[] lo, hi;
    final boolean[] immutable, monotone, integer;
    private final double[][] categories;
    /** The training rows on the search scale, and their labels (for plausibility and the model-agnostic search's seeds). */
    final double[][] train;
    final int[] trainLabels;

    private FeatureSpace(List<String> names, double[] mean, double[] sd, float[] inMean, float[] inStd, double[] lo, double[] hi,
                         boolean[] immutable, boolean[] monotone, boolean[] integer, double[][] categories, double[][] train, int[] trainLabels) {
        this.names = names;
        this.width = names.size();
        this.mean = mean;
        this.sd = sd;
        this.inMean = inMean;
        this.inStd = inStd;
        this.lo = lo;
        this.hi = hi;
        this.immutable = immutable;
        this.monotone = monotone;
        this.integer = integer;
        this.categories = categories;
        this.train = train;
        this.trainLabels = trainLabels;
    }

    /** The constraint parameters every counterfactual explainer declares. */
    static List<Parameter> parameters() {
        return List.of(
                Parameter.text("immutable", "none", "features a counterfactual may not change, comma-separated (e.g. age,sex)"),
                Parameter.text("ranges", "the training data's range of each feature",
                        "allowed values in the CSV's units, e.g. age:18..90;income:0..1e6 (other features: the training range)"),
                Parameter.text("categorical", "none",
                        "features whose values are categories (only values seen in training are allowed), comma-separated"),
                Parameter.text("monotone-increasing", "none", "features that may only increase (e.g. age, years of education), comma-separated"));
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
        double[] mean = new double[d], sd = new double[d], lo = new double[d], hi = new double[d];
        boolean[] integer = new boolean[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        Arrays.fill(integer, n > 0);
        int[] counted = new int[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                if (!Double.isFinite(v)) continue;
                mean[j] += v;
                counted[j]++;
                lo[j] = Math.min(lo[j], v);
                hi[j] = Math.max(hi[j], v);
                if (v != Math.rint(v)) integer[j] = false;
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
            if (counted[j] == 0) {
                lo[j] = hi[j] = 0;
                integer[j] = false;
            }
        }
        Standardizer st = context.standardization().orElse(Standardizer.identity(d));
        if (st.mean().length != d)
            throw new IllegalArgumentException("the model's standardization has " + st.mean().length + " features, the data " + d);

        boolean[] immutable = flags(context, "immutable", names);
        for (String name : alsoImmutable) immutable[column(names, name, "sensitive")] = true;
        boolean[] monotone = flags(context, "monotone-increasing", names);
        boolean[] categorical = flags(context, "categorical", names);
        double[][] categories = new double[d][];
        for (int j = 0; j < d; j++) {
            if (!categorical[j]) continue;
            TreeSet<Double> seen = new TreeSet<>();
            for (int i = 0; i < n; i++) if (Double.isFinite(x[i * d + j])) seen.add((double) x[i * d + j]);
            if (seen.size() > 100)
                throw new IllegalArgumentException("parameter categorical: feature " + names.get(j) + " has " + seen.size()
                        + " distinct training values, too many for categories (at most 100)");
            categories[j] = seen.stream().mapToDouble(Double::doubleValue).toArray();
        }
        for (String range : split(context.parameter("ranges", ""), ";")) {
            int colon = range.lastIndexOf(':');
            int dots = range.indexOf("..", colon + 1);
            if (colon < 0 || dots < 0)
                throw new IllegalArgumentException("parameter ranges: '" + range + "' is not name:low..high (e.g. age:18..90)");
            int j = column(names, range.substring(0, colon).strip(), "ranges");
            double a, b;
            try {
                a = Double.parseDouble(range.substring(colon + 1, dots).strip());
                b = Double.parseDouble(range.substring(dots + 2).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter ranges: '" + range + "' has a bound that is not a number");
            }
            if (!(a <= b)) throw new IllegalArgumentException("parameter ranges: '" + range + "' runs backwards (low above high)");
            lo[j] = a;
            hi[j] = b;
        }
        double[][] trainZ = new double[n][d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                trainZ[i][j] = Double.isFinite(v) ? (v - mean[j]) / sd[j] : 0;
            }
        return new FeatureSpace(List.copyOf(names), mean, sd, st.mean(), st.std(), lo, hi, immutable, monotone, integer, categories,
                trainZ, context.train().labels());
    }

    private static boolean[] flags(AuditContext context, String parameter, List<String> names) {
        boolean[] out = new boolean[names.size()];
        String given = context.parameter(parameter, "none");
        if (given.strip().equalsIgnoreCase("none")) return out;
        for (String name : split(given, ",")) out[column(names, name, parameter)] = true;
        return out;
    }

    private static List<String> split(String s, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(separator)) if (!part.isBlank()) out.add(part.strip());
        return out;
    }

    private static int column(List<String> names, String name, String parameter) {
        int j = names.indexOf(name);
        if (j < 0)
            throw new IllegalArgumentException("parameter " + parameter + ": no feature named '" + name + "' (features: "
                    + (names.size() > 12 ? String.join(", ", names.subList(0, 12)) + ", ..." : String.join(", ", names)) + ")");
        return j;
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
            if (immutable[j]) {
                c[j] = row[j];
                continue;
            }
            double low = Math.min(z(j, lo[j]), row[j]), high = Math.max(z(j, hi[j]), row[j]);
            double v = Math.max(low, Math.min(high, c[j]));
            c[j] = monotone[j] ? Math.max(v, row[j]) : v;
        }
    }

    /** Significant digits a changed non-integer value keeps: what the report shows is exactly what the model was re-run on. */
    static final int DIGITS = 5;

    /**
     * {@code c} with every changed feature on a value the report can show as it is: an integer rounded away from the
     * row's value (so a change the decision needs is not rounded off), a category to the seen value nearest in the
     * direction of the change, any other value to {@value #DIGITS} significant digits, also away from the row's value;
     * each within its range. Unchanged features keep the row's exact value.
     */
    double[] onValidValues(double[] c, double[] row) {
        double[] out = c.clone();
        for (int j = 0; j < width; j++) {
            if (c[j] == row[j]) continue;
            double v = csv(j, c[j]), r = csv(j, row[j]);
            if (v == r) { // a change below the CSV value's precision is no change (rounding it down would undo a monotone rise)
                out[j] = row[j];
                continue;
            }
            if (categories[j] != null) {
                double best = Double.NaN;
                for (double cat : categories[j])
                    if ((v >= r ? cat >= v : cat <= v) && (Double.isNaN(best) || Math.abs(cat - v) < Math.abs(best - v))) best = cat;
                if (Double.isNaN(best)) for (double cat : categories[j]) if (Double.isNaN(best) || Math.abs(cat - v) < Math.abs(best - v)) best = cat;
                out[j] = best == r ? row[j] : z(j, best);
                continue;
            }
            double quantum = integer[j] ? 1 : Math.pow(10, Math.floor(Math.log10(Math.max(Math.abs(v), Double.MIN_NORMAL))) - (DIGITS - 1));
            double w = (v > r ? Math.ceil(v / quantum - 1e-9) : Math.floor(v / quantum + 1e-9)) * quantum;
            double low = Math.min(lo[j], r), high = Math.max(hi[j], r);
            if (w > high) w = Math.floor(high / quantum + 1e-9) * quantum;
            if (w < low) w = Math.ceil(low / quantum - 1e-9) * quantum;
            w = new BigDecimal(w).round(new MathContext(integer[j] ? 17 : DIGITS)).doubleValue(); // drop the binary noise of w * quantum
            out[j] = w == r ? row[j] : z(j, w);
        }
        return out;
    }

    /** Whether {@code c} keeps every constraint (ranges with a little slack for rounding). */
    boolean allows(double[] c, double[] row) {
        for (int j = 0; j < width; j++) {
            if (c[j] == row[j]) continue;
            if (immutable[j]) return false;
            double v = csv(j, c[j]), r = csv(j, row[j]);
            double slack = 1e-6 * Math.max(1, Math.abs(v));
            if (v < Math.min(lo[j], r) - slack || v > Math.max(hi[j], r) + slack) return false;
            if (monotone[j] && v < r - slack) return false;
            if (integer[j] && categories[j] == null && Math.abs(v - Math.rint(v)) > slack) return false;
            if (categories[j] != null && Arrays.stream(categories[j]).noneMatch(cat -> Math.abs(cat - v) <= slack)) return false;
        }
        return true;
    }

    /**
     * A feature's value in the CSV's units as a person reads it and as the model was run on it: the shortest text of
     * its float (the CSV is read as floats), so a row's own value reads as in the file and a changed one with its
     * {@value #DIGITS} digits.
     */
    String shown(int j, double z) {
        double v = csv(j, z);
        if (integer[j] || categories[j] != null) return Long.toString(Math.round(v));
        return new BigDecimal(Float.toString((float) v)).stripTrailingZeros().toPlainString();
    }

    /** The integer features, in words for the report's note: how they were found. */
    String integerFeatures() {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < width; j++) if (integer[j] && categories[j] == null) out.add(names.get(j));
        return out.isEmpty() ? "none" : out.size() > 8 ? String.join(", ", out.subList(0, 8)) + " and " + (out.size() - 8) + " more"
                : String.join(", ", out);
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
