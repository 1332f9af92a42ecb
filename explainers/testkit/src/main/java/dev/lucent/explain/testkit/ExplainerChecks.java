package dev.lucent.explain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import dev.lucent.network.api.AuditableModel;
import java.util.List;
import java.util.function.Supplier;

/** The checks every explainer must pass: determinism for a seed, cancellation, progress. */
public final class ExplainerChecks {
    private ExplainerChecks() {
    }

    /** Runs twice on fresh contexts with the same seed and demands identical findings, bit for bit. */
    public static List<Finding> assertDeterministic(Explainer explainer, Supplier<TestContext> context) throws Exception {
        List<Finding> a = explainer.explain(context.get());
        List<Finding> b = explainer.explain(context.get());
        assertFalse(a.isEmpty(), "no findings");
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertSameFinding(a.get(i), b.get(i));
        return a;
    }

    /** Record components compared deeply; double arrays bit for bit. */
    public static void assertSameFinding(Object a, Object b) throws Exception {
        assertEquals(a.getClass(), b.getClass());
        for (RecordComponent rc : a.getClass().getRecordComponents()) {
            Object va = rc.getAccessor().invoke(a), vb = rc.getAccessor().invoke(b);
            if (va instanceof double[] da) {
                assertTrue(Arrays.equals(da, (double[]) vb), rc.getName() + " differs: " + Arrays.toString(da) + " vs " + Arrays.toString((double[]) vb));
            } else if (va instanceof List<?> la && !la.isEmpty() && la.get(0) instanceof Record) {
                List<?> lb = (List<?>) vb;
                assertEquals(la.size(), lb.size());
                for (int i = 0; i < la.size(); i++) assertSameFinding(la.get(i), lb.get(i));
            } else if (va instanceof Double d) {
                assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits((Double) vb), rc.getName());
            } else {
                assertEquals(va, vb, rc.getName());
            }
        }
    }

    /**
     * Cancels the run from another thread once the slow model has been called a few times, and checks the
     * explainer stops with {@link AuditCancelledException} after at most one more model call.
     */
    public static void assertHonoursCancellation(Explainer explainer, TestContext context, SlowModel slow) throws Exception {
        slow.atCall(2, context::cancel);
        int[] callsAtCancel = new int[1];
        assertThrows(AuditCancelledException.class, () -> {
            try {
                explainer.explain(context);
            } finally {
                callsAtCancel[0] = slow.calls();
            }
        });
        // cancelled inside the 2nd call; batches running in parallel may each finish the call they are in
        assertTrue(callsAtCancel[0] <= 4, explainer.info().id() + " kept calling the model after cancellation: " + callsAtCancel[0] + " calls");
    }

    public static void assertReportsProgress(TestContext context) {
        List<Double> p = context.progressReports();
        if (p.isEmpty()) fail("no progress reported");
        for (int i = 1; i < p.size(); i++) assertTrue(p.get(i) >= p.get(i - 1) - 1e-12, "progress went backwards: " + p);
    }

    /**
     * The model passes {@code explainer} takes on the context {@code on} builds around a counting model (a gradient
     * counted as three, as the plans count it), and its findings: for a test that checks a plan keeps to its share.
     */
    public static Counted passesTaken(Explainer explainer, AuditableModel model,
                                      java.util.function.Function<AuditableModel, TestContext> on) throws Exception {
        SlowModel counting = new SlowModel(model, 0);
        List<Finding> findings = explainer.explain(on.apply(counting));
        return new Counted(counting.passes(), findings);
    }

    public record Counted(long passes, List<Finding> findings) {
        /** The passes taken over those a share of {@code shareFlops} holds, at {@code forwardFlops} a pass. */
        public double shareUsed(double forwardFlops, double shareFlops) {
            return passes * forwardFlops / shareFlops;
        }
    }
}
