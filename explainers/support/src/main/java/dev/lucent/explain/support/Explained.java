package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;

/**
 * The rows a local explainer explains: the first {@code rows} rows (parameter, default given by the
 * explainer) of the held-out split, their targets and a batch size within the memory budget (parameter
 * {@code batch-size} may lower it).
 */
public record Explained(Tensor inputs, int[] targets, int batchRows, int shown) {

    public static Explained from(AuditContext context, int defaultRows) throws AuditCancelledException {
        return of(context, asked(context, defaultRows));
    }

    /** The inputs of the rows asked (parameter {@code rows}, else {@code defaultRows}), checked against the model. */
    public static Tensor asked(AuditContext context, int defaultRows) {
        int rows = context.intParameter("rows", defaultRows);
        if (rows < 1) throw new IllegalArgumentException("parameter rows must be at least 1, got " + rows);
        Tensor x = Data.firstRows(Data.evaluationSplit(context).features(), rows);
        Data.requireCompatible(context.model(), x);
        return x;
    }

    /** These rows to explain, with their targets (a model pass each: a plan cuts the rows first) and batch size. */
    public static Explained of(AuditContext context, Tensor x) throws AuditCancelledException {
        int shown = context.intParameter("shown", 4);
        if (shown < 0) throw new IllegalArgumentException("parameter shown must be 0 or more, got " + shown);
        AuditableModel model = context.model();
        int batchRows = Batching.rows(context, Data.sampleSize(x.shape()));
        // predicting the targets only checks for cancellation: the explainer's own progress starts after
        int[] targets = Data.targets(context, model, x, batchRows, (fraction, message) -> context.checkCancelled());
        return new Explained(x, targets, batchRows, shown);
    }

    /** The first {@code rows} of these rows (all of them when there are no more), with the same batch size. */
    public Explained first(int rows) {
        if (rows >= rows()) return this;
        return new Explained(Data.firstRows(inputs, rows), java.util.Arrays.copyOf(targets, rows), batchRows, Math.min(shown, rows));
    }

    public int rows() {
        return inputs.shape()[0];
    }
}
