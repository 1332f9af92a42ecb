package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import dev.lucent.network.api.DataSplit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * What a changed tabular row may do to each feature, all in the CSV's own units, as the user states it per audit:
 * immutable features keep their value; each feature stays in its allowed range (default: the training data's minimum
 * to maximum, widened to the row's own value when that lies outside); monotone features may only increase; integer
 * features (every finite training value a whole number) and categorical ones (named by the user; their values are
 * those seen in training) end on a value of their kind. Counterfactuals and tabular attacks both keep them, under the
 * same parameter names ({@link #parameters()}).
 *
 * <p>Each method takes one feature {@code j}, a proposed value {@code v} and the row's own value {@code r}: the row
 * itself always satisfies its constraints, whatever it holds.
 */
public final class Constraints {

    private final List<String> names;
    private final double[] lo, hi;
    private final boolean[] immutable, monotone, integer;
    private final double[][] categories;

    private Constraints(List<String> names, double[] lo, double[] hi, boolean[] immutable, boolean[] monotone, boolean[] integer,
                        double[][] categories) {
        this.names = names;
        this.lo = lo;
        this.hi = hi;
        this.immutable = immutable;
        this.monotone = monotone;
        this.integer = integer;
        this.categories = categories;
    }

    /** The constraint parameters every explainer that changes tabular rows declares. */
    public static List<Parameter> parameters() {
        return List.of(
                Parameter.text("immutable", "none", "features that may not change, comma-separated (e.g. age,sex)"),
                Parameter.text("ranges", "the training data's range of each feature",
                        "allowed values in the CSV's units, e.g. age:18..90;income:0..1e6 (other features: the training range)"),
                Parameter.text("categorical", "none",
                        "features whose values are categories (only values seen in training are allowed), comma-separated"),
                Parameter.text("monotone-increasing", "none", "features that may only increase (e.g. age, years of education), comma-separated"));
    }

    /** The constraints the audit's parameters state, over its training data in the CSV's units. */
    public static Constraints of(AuditContext context) {
        return of(context, List.of());
    }

    /**
     * With {@code alsoImmutable} held fixed besides the features the parameter {@code immutable} names.
     *
     * @throws IllegalArgumentException one line naming a misspelt feature, a malformed or backward range, or a
     *                                  categorical feature with too many values
     */
    public static Constraints of(AuditContext context, List<String> alsoImmutable) {
        List<String> names = context.schema().featureNames();
        int d = names.size();
        DataSplit trainCsv = context.inCsvUnits(context.train());
        float[] x = trainCsv.features().toArray();
        int n = trainCsv.rows();
        double[] lo = new double[d], hi = new double[d];
        boolean[] integer = new boolean[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        Arrays.fill(integer, n > 0);
        int[] counted = new int[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                if (!Double.isFinite(v)) continue;
                counted[j]++;
                lo[j] = Math.min(lo[j], v);
                hi[j] = Math.max(hi[j], v);
                if (v != Math.rint(v)) integer[j] = false;
            }
        for (int j = 0; j < d; j++)
            if (counted[j] == 0) {
                lo[j] = hi[j] = 0;
                integer[j] = false;
            }
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
        return new Constraints(List.copyOf(names), lo, hi, immutable, monotone, integer, categories);
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

    public int width() {
        return names.size();
    }

    public boolean immutable(int j) {
        return immutable[j];
    }

    public boolean monotone(int j) {
        return monotone[j];
    }

    /** Whether feature j must end on a whole number or a seen category. */
    public boolean discrete(int j) {
        return integer[j] || categories[j] != null;
    }

    /** The least value allowed for a row whose own value is {@code r}: the range, widened to r, and r itself when monotone. */
    public double low(int j, double r) {
        return monotone[j] ? r : Math.min(lo[j], r);
    }

    /** The greatest value allowed for a row whose own value is {@code r}: the range, widened to r. */
    public double high(int j, double r) {
        return Math.max(hi[j], r);
    }

    /**
     * {@code v} put back where the convex constraints allow: the row's value for an immutable feature, else into
     * {@link #low}..{@link #high}.
     */
    public double clamp(int j, double v, double r) {
        if (immutable[j]) return r;
        return Math.max(low(j, r), Math.min(high(j, r), v));
    }

    /**
     * The valid value nearest {@code v} on the segment from the row's value {@code r} to v (r included, which is always
     * valid): an integer or category rounded towards the row, so the change shrinks; any other feature's v as it is.
     * A perturbation's size never grows under it, so it keeps an attack's budget.
     */
    public double towardRow(int j, double v, double r) {
        if (!discrete(j) || v == r) return v;
        double best = r;
        for (double c : candidates(j, v, r)) if (between(c, r, v) && Math.abs(c - v) < Math.abs(best - v)) best = c;
        return best;
    }

    /** The allowed valid value nearest {@code v} (the row's value when none is nearer); any other feature's v as it is. */
    public double nearest(int j, double v, double r) {
        if (!discrete(j) || v == r) return v;
        double best = r;
        for (double c : candidates(j, v, r)) if (allows(j, c, r) && Math.abs(c - v) < Math.abs(best - v)) best = c;
        return best;
    }

    /** The discrete values worth trying near v: the categories, or the whole numbers on either side. */
    private double[] candidates(int j, double v, double r) {
        return categories[j] != null ? categories[j] : new double[]{Math.floor(v), Math.ceil(v)};
    }

    private static boolean between(double c, double a, double b) {
        return c >= Math.min(a, b) && c <= Math.max(a, b);
    }

    /**
     * {@code v} on a value a report can show as it is, for a change that must not be rounded off: an integer rounded
     * away from the row's value, a category to the seen value nearest in the direction of the change, any other value
     * to {@code digits} significant digits, also away from the row's value; within the allowed range. Returns exactly
     * {@code r} when nothing is left of the change.
     */
    public double awayFromRow(int j, double v, double r, int digits) {
        if (v == r) return r;
        if (categories[j] != null) {
            double best = Double.NaN;
            for (double cat : categories[j])
                if ((v >= r ? cat >= v : cat <= v) && (Double.isNaN(best) || Math.abs(cat - v) < Math.abs(best - v))) best = cat;
            if (Double.isNaN(best)) for (double cat : categories[j]) if (Double.isNaN(best) || Math.abs(cat - v) < Math.abs(best - v)) best = cat;
            return best;
        }
        double quantum = integer[j] ? 1 : Math.pow(10, Math.floor(Math.log10(Math.max(Math.abs(v), Double.MIN_NORMAL))) - (digits - 1));
        double w = (v > r ? Math.ceil(v / quantum - 1e-9) : Math.floor(v / quantum + 1e-9)) * quantum;
        double low = Math.min(lo[j], r), high = high(j, r);
        if (w > high) w = Math.floor(high / quantum + 1e-9) * quantum;
        if (w < low) w = Math.ceil(low / quantum - 1e-9) * quantum;
        return new BigDecimal(w).round(new MathContext(integer[j] ? 17 : digits)).doubleValue(); // drop the binary noise of w * quantum
    }

    /** Whether {@code v} keeps every constraint of feature j for a row whose own value is {@code r} (a little slack for rounding). */
    public boolean allows(int j, double v, double r) {
        if (v == r) return true;
        if (immutable[j]) return false;
        double slack = 1e-6 * Math.max(1, Math.abs(v));
        if (v < Math.min(lo[j], r) - slack || v > high(j, r) + slack) return false;
        if (monotone[j] && v < r - slack) return false;
        if (integer[j] && categories[j] == null && Math.abs(v - Math.rint(v)) > slack) return false;
        return categories[j] == null || Arrays.stream(categories[j]).anyMatch(cat -> Math.abs(cat - v) <= slack);
    }

    /** Whether every feature of {@code row} changed to {@code changed} keeps its constraints. */
    public boolean allows(double[] changed, double[] row) {
        for (int j = 0; j < changed.length; j++) if (!allows(j, changed[j], row[j])) return false;
        return true;
    }

    /**
     * A value of feature j in the CSV's units as a person reads it: whole for an integer or categorical feature, else
     * the shortest text of its float (the CSV is read as floats), so a row's own value reads as in the file.
     */
    public String shown(int j, double v) {
        if (discrete(j)) return Long.toString(Math.round(v));
        return new BigDecimal(Float.toString((float) v)).stripTrailingZeros().toPlainString();
    }

    /** The integer features, in words for a report's note: how they were found. */
    public String integerFeatures() {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) if (integer[j] && categories[j] == null) out.add(names.get(j));
        return out.isEmpty() ? "none" : out.size() > 8 ? String.join(", ", out.subList(0, 8)) + " and " + (out.size() - 8) + " more"
                : String.join(", ", out);
    }

    /** The constraints the user set, in words for a report's note ("immutable: age, sex; monotone-increasing: age"), or "". */
    public String stated() {
        List<String> out = new ArrayList<>();
        named(out, "immutable", j -> immutable[j]);
        named(out, "monotone-increasing", j -> monotone[j]);
        named(out, "categorical", j -> categories[j] != null);
        return String.join("; ", out);
    }

    private void named(List<String> out, String kind, java.util.function.IntPredicate holds) {
        List<String> named = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) if (holds.test(j)) named.add(names.get(j));
        if (!named.isEmpty()) out.add(kind + ": " + String.join(", ", named));
    }
}
