package dev.lucent.explain.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column whose groups an audit compares (sex, age band), as the user names it, in the CSV's own units:
 * {@code sex} (each value its own group), {@code age:<40,40-65,>65} (bins: {@code <a}, {@code <=a}, {@code >b},
 * {@code >=b}, {@code a-b} with both ends included, or one value {@code a}) or {@code age:q4} (quartiles of the
 * audited rows). Several attributes are separated by commas (a comma followed by a bin continues the bins) or
 * semicolons: {@code sex,age:<40,40-65,>65}. Since 1.2.
 *
 * @param column    the feature column's name
 * @param bins      the user's bins, in order; empty for values or quantiles
 * @param quantiles the number of quantile groups (2 to 10), 0 when not by quantiles
 */
public record SensitiveAttribute(String column, List<Bin> bins, int quantiles) {

    public static final int MAX_QUANTILES = 10;
    public static final int MAX_ATTRIBUTES = 8;

    public SensitiveAttribute {
        if (column == null || column.isBlank()) throw new IllegalArgumentException("a sensitive attribute needs a column name");
        bins = List.copyOf(bins);
        if (quantiles != 0 && (quantiles < 2 || quantiles > MAX_QUANTILES))
            throw new IllegalArgumentException("sensitive attribute " + column + ": quantile groups must number 2 to " + MAX_QUANTILES
                    + ", got " + quantiles);
        if (quantiles != 0 && !bins.isEmpty())
            throw new IllegalArgumentException("sensitive attribute " + column + ": give bins or quantiles, not both");
    }

    /** Grouped by each distinct value (a categorical column). */
    public boolean byValue() {
        return bins.isEmpty() && quantiles == 0;
    }

    /**
     * One bin of a numeric column, in the CSV's units; a null bound is open. {@code label} is the bin as typed.
     */
    public record Bin(String label, Double lower, boolean lowerIncluded, Double upper, boolean upperIncluded) {
        public boolean contains(double x) {
            if (Double.isNaN(x)) return false;
            if (lower != null && (lowerIncluded ? x < lower : x <= lower)) return false;
            return upper == null || (upperIncluded ? x <= upper : x < upper);
        }

        private static final String NUM = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
        private static final Pattern BELOW = Pattern.compile("(<=?)\\s*(" + NUM + ")");
        private static final Pattern ABOVE = Pattern.compile("(>=?)\\s*(" + NUM + ")");
        private static final Pattern RANGE = Pattern.compile("(" + NUM + ")\\s*-\\s*(" + NUM + ")");
        private static final Pattern ONE = Pattern.compile(NUM);

        /** The bin a token names, or null when the token is not a bin (then it names the next attribute). */
        static Bin parse(String token) {
            String t = token.strip();
            Matcher m;
            if ((m = BELOW.matcher(t)).matches()) return new Bin(t, null, false, Double.parseDouble(m.group(2)), m.group(1).length() == 2);
            if ((m = ABOVE.matcher(t)).matches()) return new Bin(t, Double.parseDouble(m.group(2)), m.group(1).length() == 2, null, false);
            if ((m = RANGE.matcher(t)).matches()) {
                double a = Double.parseDouble(m.group(1)), b = Double.parseDouble(m.group(2));
                if (!(a <= b)) throw new IllegalArgumentException("bin " + t + " runs backwards (" + fmt(a) + " > " + fmt(b) + ")");
                return new Bin(t, a, true, b, true);
            }
            if (ONE.matcher(t).matches()) {
                double a = Double.parseDouble(t);
                return new Bin(t, a, true, a, true);
            }
            return null;
        }
    }

    /**
     * Attributes as typed (the CLI's {@code --sensitive}, the console's field, the parameter {@code sensitive});
     * blank is none. A malformed list is refused with one line naming the part.
     */
    public static List<SensitiveAttribute> parseAll(String spec) {
        List<SensitiveAttribute> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) return out;
        String column = null;
        List<Bin> bins = new ArrayList<>();
        int quantiles = 0;
        for (String part : spec.split(";")) {
            for (String token : part.split(",", -1)) {
                String t = token.strip();
                if (t.isEmpty())
                    throw new IllegalArgumentException("sensitive attributes '" + shown(spec) + "': an empty name between separators");
                Bin bin = column != null && quantiles == 0 && !bins.isEmpty() ? Bin.parse(t) : null;
                if (bin != null) {
                    bins.add(bin);
                    continue;
                }
                if (column != null) out.add(new SensitiveAttribute(column, bins, quantiles));
                bins = new ArrayList<>();
                quantiles = 0;
                int colon = t.indexOf(':');
                column = (colon < 0 ? t : t.substring(0, colon)).strip();
                if (column.isEmpty()) throw new IllegalArgumentException("sensitive attribute '" + shown(t) + "' names no column");
                if (colon >= 0) {
                    String how = t.substring(colon + 1).strip();
                    if (how.matches("[qQ]\\d+")) quantiles = Integer.parseInt(how.substring(1));
                    else {
                        Bin first = Bin.parse(how);
                        if (first == null)
                            throw new IllegalArgumentException("sensitive attribute " + column + ": '" + shown(how)
                                    + "' is neither bins (<40, 40-65, >65, or one value) nor quantiles (q4)");
                        bins.add(first);
                    }
                }
            }
            if (column != null) out.add(new SensitiveAttribute(column, bins, quantiles));
            column = null;
            bins = new ArrayList<>();
            quantiles = 0;
        }
        if (out.size() > MAX_ATTRIBUTES)
            throw new IllegalArgumentException("at most " + MAX_ATTRIBUTES + " sensitive attributes, got " + out.size());
        for (int i = 0; i < out.size(); i++)
            for (int j = 0; j < i; j++)
                if (out.get(i).column().equals(out.get(j).column()))
                    throw new IllegalArgumentException("sensitive attribute " + out.get(i).column() + " is named twice");
        return out;
    }

    /** The attribute as it is typed, e.g. {@code age:<40,40-65,>65}. */
    @Override
    public String toString() {
        if (quantiles > 0) return column + ":q" + quantiles;
        if (bins.isEmpty()) return column;
        return column + ":" + String.join(",", bins.stream().map(Bin::label).toList());
    }

    /** Attributes as one line, separated by semicolons so bins stay unambiguous. */
    public static String format(List<SensitiveAttribute> attributes) {
        return String.join(";", attributes.stream().map(SensitiveAttribute::toString).toList());
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String shown(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
