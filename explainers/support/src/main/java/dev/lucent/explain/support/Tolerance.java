package dev.lucent.explain.support;

import dev.lucent.explain.api.Verdict;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * How every family judges an estimate with a confidence interval against a tolerance, in one place, so a verdict says
 * what it was judged against and an interval that straddles the tolerance is judged the same way everywhere.
 *
 * <p>The rule: the whole interval decides, never the point estimate alone.
 * <ul>
 * <li>{@link Position#WITHIN}: the whole interval is on the allowed side of the tolerance: PASS.</li>
 * <li>{@link Position#BEYOND}: the whole interval is past it: the family's failing outcome (WARN, or FAIL when far
 *     past, as the family's own severity rule says).</li>
 * <li>{@link Position#STRADDLES}: the interval reaches past the tolerance from the allowed side, or is unknown: WARN.
 *     The data cannot show the tolerance is met, so the verdict may not pass; nor can it show it is broken, so it does
 *     not fail. More held-out rows narrow the interval.</li>
 * </ul>
 * Every sentence names the quantity, the estimate with its interval, the tolerance and the parameter that sets it:
 * "held-out minus training error rate 0.064 (95% interval 0.047 to 0.081) may exceed the tolerance 0.05 set by
 * {@code max-error-gap}: ...".
 */
public final class Tolerance {

    private Tolerance() {
    }

    /** Where the interval lies against the tolerance. */
    public enum Position { WITHIN, STRADDLES, BEYOND }

    /**
     * One judgement.
     *
     * @param position where the interval lies
     * @param sentence the judgement in words, naming the tolerance and its parameter (no outcome, no final full stop)
     */
    public record Judged(Position position, String sentence) {

        /** PASS within, WARN straddling, {@code beyond} past it (WARN or FAIL by the family's severity rule). */
        public Verdict.Outcome outcome(Verdict.Outcome beyond) {
            return switch (position) {
                case WITHIN -> Verdict.Outcome.PASS;
                case STRADDLES -> Verdict.Outcome.WARN;
                case BEYOND -> beyond;
            };
        }

        /** "PASS: " + the sentence + ".": the verdict's summary as it opens. */
        public String summary(Verdict.Outcome outcome) {
            return outcome + ": " + sentence + ".";
        }

        public boolean within() {
            return position == Position.WITHIN;
        }

        public boolean beyond() {
            return position == Position.BEYOND;
        }
    }

    /** A quantity that must stay at or under {@code tolerance} (an error gap, an ECE, an attack AUC). */
    public static Judged atMost(String quantity, double estimate, double lower, double upper, double confidence, double tolerance,
                                String parameter) {
        Position p = Double.isNaN(lower) || Double.isNaN(upper) ? Position.STRADDLES
                : upper <= tolerance ? Position.WITHIN : lower > tolerance ? Position.BEYOND : Position.STRADDLES;
        return atMost(p, measured(quantity, estimate, lower, upper, confidence), false, tolerance, parameter);
    }

    /**
     * A quantity counted on every row there is, not estimated from a sample (rows per class, missing values): it has
     * no sampling error, so its interval is the value itself and it is within or past the tolerance, never straddling.
     *
     * @param counted what it was counted on, for the sentence: "counted on all 569 training rows"
     */
    public static Judged atMostCounted(String quantity, double value, String counted, double tolerance, String parameter) {
        Position p = value <= tolerance ? Position.WITHIN : Position.BEYOND;
        return atMost(p, String.format(Locale.ROOT, "%s %s (%s, no sampling error)", quantity, number(value), counted), true, tolerance, parameter);
    }

    private static Judged atMost(Position p, String measured, boolean counted, double tolerance, String parameter) {
        String against = " the tolerance " + plain(tolerance) + " set by `" + parameter + "`";
        return new Judged(p, switch (p) {
            case WITHIN -> measured + " is within" + against + (counted ? "" : ": the whole interval is at most " + plain(tolerance));
            case BEYOND -> measured + " exceeds" + against + (counted ? "" : ": the whole interval is above it");
            case STRADDLES -> measured + " may exceed" + against + ": the interval reaches past it, so the data cannot show it is within";
        });
    }

    /** A quantity that must reach at least {@code requirement} (a recall). */
    public static Judged atLeast(String quantity, double estimate, double lower, double upper, double confidence, double requirement,
                                 String parameter) {
        Position p = Double.isNaN(lower) || Double.isNaN(upper) ? Position.STRADDLES
                : lower >= requirement ? Position.WITHIN : upper < requirement ? Position.BEYOND : Position.STRADDLES;
        String measured = measured(quantity, estimate, lower, upper, confidence);
        String against = " the requirement " + plain(requirement) + " set by `" + parameter + "`";
        return new Judged(p, switch (p) {
            case WITHIN -> measured + " meets" + against + ": the whole interval is at least " + plain(requirement);
            case BEYOND -> measured + " falls short of" + against + ": the whole interval is below it";
            case STRADDLES -> measured + " may fall short of" + against + ": the interval reaches below it, so the data cannot show it is met";
        });
    }

    /** "membership-attack AUC 0.612 (95% interval 0.580 to 0.644)". */
    static String measured(String quantity, double estimate, double lower, double upper, double confidence) {
        String interval = Double.isNaN(lower) || Double.isNaN(upper) ? "interval unknown"
                : String.format(Locale.ROOT, "%.0f%% interval %.3f to %.3f", 100 * confidence, lower, upper);
        return String.format(Locale.ROOT, "%s %.3f (%s)", quantity, estimate, interval);
    }

    /** A counted value: whole numbers as such, others to three decimals. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.isInfinite(v) ? "infinite" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A tolerance as the user would type it: 0.05, not 0.050000. */
    static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
