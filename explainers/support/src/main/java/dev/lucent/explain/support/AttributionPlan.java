package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The rows a local attribution explainer explains within its share of the audit budget, and the model passes one row
 * may take. A method costs {@code passesPerRow} model passes a row (forward-pass equivalents, a gradient counted as
 * three), the model's forward pass counted on one row ({@link TimeShare#forwardFlopsPerRow}) at the engine's planned
 * rate, plus the forward pass that finds each row's target. Rows are cut first, down to one; {@link #rowPasses} is then what each kept row may spend, so a method whose one
 * row is more than the share cuts its own count (noisy copies, integration points, occluded positions) to it. A
 * {@code rows} the auditor gave is kept; the note says what was cut, in the finding.
 *
 * @param rows      the rows to explain
 * @param rowPasses model passes each of them may take (infinite when the method is not planned)
 * @param note      "; plan: ..." for the finding's note, empty when nothing was cut
 */
public record AttributionPlan(Explained rows, double rowPasses, String note) {

    /** A gradient in forward-pass equivalents: the forward pass and a backward pass about twice as costly. */
    public static final double GRADIENT = 3;

    /**
     * The plan for the rows asked (parameter {@code rows}, else {@code defaultRows}), cut before their targets are
     * computed (a model pass each); {@code passesPerRow} of their inputs, 0: not planned.
     */
    public static AttributionPlan of(AuditContext context, int defaultRows, ToDoubleFunction<Tensor> passesPerRow)
            throws AuditCancelledException {
        Tensor asked = Explained.asked(context, defaultRows);
        double method = passesPerRow.applyAsDouble(asked);
        if (!(method > 0)) return new AttributionPlan(Explained.of(context, asked), Double.POSITIVE_INFINITY, "");
        double passes = method + 1; // and the forward pass that finds the row's target
        int[] shape = asked.shape();
        double forward = TimeShare.forwardFlopsPerRow(context.model(), asked.toArray(), Arrays.copyOfRange(shape, 1, shape.length));
        Cut cut = fit(TimeShare.flops(context, TimeShare.Rate.ENGINE), forward, shape[0], passes, context.parameters().containsKey("rows"),
                TimeShare.described(context, TimeShare.Rate.ENGINE));
        return new AttributionPlan(Explained.of(context, Data.firstRows(asked, cut.rows())), cut.rowPasses(), cut.note());
    }

    /** Rows kept of those asked, the passes each may take, and the note. */
    record Cut(int rows, double rowPasses, String note) {
    }

    /** The rule, given the share's operations and one forward pass's. */
    static Cut fit(double shareFlops, double forwardFlops, int asked, double passesPerRow, boolean rowsGiven, String share) {
        int rows = asked;
        double perRow = passesPerRow * forwardFlops;
        if (!rowsGiven) rows = (int) Math.max(1, Math.min(rows, Math.floor(shareFlops / perRow)));
        double rowPasses = shareFlops / (forwardFlops * rows);
        String note = rows == asked && rowPasses >= passesPerRow ? "" : String.format(Locale.ROOT,
                "; plan: %d of the %d rows asked, at %.3g GFLOP a row (%.0f model passes)%s, %s", rows, asked, perRow / 1e9,
                passesPerRow, rowPasses >= passesPerRow ? "" : String.format(Locale.ROOT, ", more than the share holds: %.0f passes a row",
                        Math.floor(rowPasses)), share);
        return new Cut(rows, rowPasses, note);
    }

    /**
     * How many of something costing {@code passesEach} model passes a row may take: {@code wanted} when it fits (or the
     * auditor gave it), else what {@link #rowPasses} holds, at least {@code least}.
     */
    public int cut(int wanted, boolean given, double passesEach, int least) {
        if (given || wanted * passesEach <= rowPasses) return wanted;
        return (int) Math.max(Math.min(least, wanted), Math.min(wanted, Math.floor(rowPasses / passesEach)));
    }
}
