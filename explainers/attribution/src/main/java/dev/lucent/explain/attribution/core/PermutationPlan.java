package dev.lucent.explain.attribution.core;

import dev.lucent.explain.support.TimeShare;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * How much permutation importance can do within its share of the audit budget: rows x shuffles x features, chosen
 * from the counted cost of one row through the model (the engine's FLOPs, at {@link TimeShare}'s fixed rate) before the
 * work starts, so the run finishes by design and an audit and its replay choose the same plan on any load. The work is
 * {@code rows x (1 + repeats x features)} rows through the model. When the wanted plan is predicted to take more than
 * the share, it is cut in this order, each step only as far as needed:
 * <ol>
 *   <li>fewer rows, down to {@link #MIN_ROWS} (each drop is then measured on fewer rows, its interval wider);</li>
 *   <li>fewer shuffles, down to {@link #MIN_REPEATS} (the t-interval over shuffles widens);</li>
 *   <li>for images, larger patches (fewer, coarser features) until it fits.</li>
 * </ol>
 * A setting the auditor gave explicitly is kept; only defaults are cut.
 */
public final class PermutationPlan {

    /** Fewer rows than this make each accuracy drop too coarse (steps of 1/200 = 0.005) to rank patches by. */
    public static final int MIN_ROWS = 200;
    /** With 10 shuffles a feature whose shuffles all score alike still bounds the chance of a change below 3 in 10. */
    public static final int MIN_REPEATS = 10;

    /**
     * A chosen plan.
     *
     * @param rows             rows scored
     * @param repeats          shuffles per feature
     * @param patchSide        pixels per patch side (images), or the wanted side / 0 when not cut
     * @param features         features shuffled (patches for images)
     * @param predictedSeconds planned time of the shuffles, from the counted cost per row at the fixed rate
     * @param reason           why these numbers, in the auditor's words, for the finding's note
     */
    public record Plan(int rows, int repeats, int patchSide, int features, double predictedSeconds, String reason) {
    }

    /**
     * What can be cut, and how far.
     *
     * @param rows            rows wanted and whether the auditor gave the number (then it is kept)
     * @param repeats         shuffles wanted, and whether given
     * @param patchSide       the patch side wanted (0 for non-images), and whether given
     * @param featuresForSide the number of features for a patch side (for non-images, a constant)
     * @param maxSide         the largest patch side (an image's longer side); 0 for non-images
     */
    public record Wanted(int rows, boolean rowsGiven, int repeats, boolean repeatsGiven, int patchSide, boolean patchGiven,
                         IntUnaryOperator featuresForSide, int maxSide) {
    }

    private PermutationPlan() {
    }

    /** Rows through the model for a plan: the unshuffled pass and every shuffle of every feature. */
    public static double work(int rows, int repeats, int features) {
        return (double) rows * (1 + (double) repeats * features);
    }

    /**
     * Chooses the plan.
     *
     * @param flopsPerRow  operations of one row through the model, counted by the engine
     * @param shareSeconds the explainer's share of the audit budget
     */
    public static Plan choose(double flopsPerRow, double shareSeconds, Wanted w) {
        if (!(flopsPerRow > 0) || !(shareSeconds > 0))
            throw new IllegalArgumentException("a plan needs a positive cost per row and share, got " + flopsPerRow + " and " + shareSeconds);
        double secondsPerRow = TimeShare.secondsFor(flopsPerRow, TimeShare.Rate.ENGINE);
        double rowsAffordable = shareSeconds / secondsPerRow; // rows through the model within the share
        int rows = w.rows(), repeats = w.repeats(), side = w.patchSide();
        int features = w.featuresForSide().applyAsInt(side);
        String measured = String.format(Locale.ROOT, "one row through the model is %.0f FLOPs, planned at %s ms, so %.0f rows fit in its %.1f s share",
                flopsPerRow, ms(secondsPerRow), rowsAffordable, shareSeconds);
        if (work(rows, repeats, features) <= rowsAffordable)
            return plan(rows, repeats, side, features, secondsPerRow, "the whole wanted plan fits in its share of the audit budget");
        StringBuilder cut = new StringBuilder();
        if (!w.rowsGiven()) {
            int fit = (int) Math.floor(rowsAffordable / (1 + (double) repeats * features));
            int n = Math.max(Math.min(MIN_ROWS, rows), Math.min(rows, fit));
            if (n < rows) cut.append("rows cut from ").append(rows).append(" to ").append(n);
            rows = n;
        }
        if (work(rows, repeats, features) > rowsAffordable && !w.repeatsGiven()) {
            int fit = (int) Math.floor((rowsAffordable / rows - 1) / features);
            int r = Math.max(Math.min(MIN_REPEATS, repeats), Math.min(repeats, fit));
            if (r < repeats) cut.append(cut.length() == 0 ? "" : ", ").append("shuffles cut from ").append(repeats).append(" to ").append(r);
            repeats = r;
        }
        if (work(rows, repeats, features) > rowsAffordable && !w.patchGiven() && w.maxSide() > 0 && side > 0) {
            int s = side;
            while (s < w.maxSide() && work(rows, repeats, w.featuresForSide().applyAsInt(s)) > rowsAffordable) s++;
            if (s != side) cut.append(cut.length() == 0 ? "" : ", ").append("patches enlarged from ").append(side).append(" to ").append(s)
                    .append(" pixels a side (").append(features).append(" to ").append(w.featuresForSide().applyAsInt(s)).append(" features)");
            side = s;
            features = w.featuresForSide().applyAsInt(s);
        }
        boolean fits = work(rows, repeats, features) <= rowsAffordable;
        String why = (cut.length() == 0 ? "nothing could be cut (the settings were given)" : cut.toString()) + ", because " + measured
                + (fits ? "" : "; even so it is planned to take longer than that share (the settings given, or the floors of "
                + MIN_ROWS + " rows and " + MIN_REPEATS + " shuffles, keep it larger), so it may be stopped at its limit");
        return plan(rows, repeats, side, features, secondsPerRow, why);
    }

    private static Plan plan(int rows, int repeats, int side, int features, double secondsPerRow, String reason) {
        return new Plan(rows, repeats, side, features, work(rows, repeats, features) * secondsPerRow, reason);
    }

    private static String ms(double seconds) {
        double ms = seconds * 1000;
        return String.format(Locale.ROOT, "%.3g", ms);
    }
}
