package dev.lucent.plugin.kit;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** What every plugin's findings must satisfy, as assertions (they throw {@link AssertionError}). */
public final class PluginAssertions {

    private PluginAssertions() {
    }

    /**
     * The findings are non-empty, of the standard kinds, well formed (titles, stages, finite numbers, matching
     * sizes) and none is an ERROR verdict.
     */
    public static void assertStandardFindings(List<Finding> findings) {
        if (findings == null || findings.isEmpty()) throw new AssertionError("the explainer returned no findings");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            String where = "finding " + i;
            if (f == null) throw new AssertionError(where + " is null");
            if (f.title() == null || f.title().isBlank()) throw new AssertionError(where + " has no title");
            if (f.stage() == null) throw new AssertionError(where + " (" + f.title() + ") has no stage");
            where += " (" + f.title() + ")";
            if (f instanceof FeatureAttribution a) {
                finite(where, a.values());
                for (String n : a.features()) if (n == null || n.isBlank()) throw new AssertionError(where + " has a feature without a name");
            } else if (f instanceof ImageHeatmap h) {
                finite(where, h.values());
            } else if (f instanceof Curve c) {
                for (Curve.Series s : c.series()) {
                    finite(where + " series " + s.name(), s.x());
                    finite(where + " series " + s.name(), s.y());
                }
            } else if (f instanceof Table t) {
                if (t.columns().isEmpty()) throw new AssertionError(where + " has no columns");
            } else if (f instanceof Metric m) {
                if (!Double.isFinite(m.value())) throw new AssertionError(where + " has value " + m.value());
            } else if (f instanceof Verdict v) {
                if (v.outcome() == Verdict.Outcome.ERROR) throw new AssertionError(where + " is an ERROR verdict: " + v.summary());
                if (v.summary() == null || v.summary().isBlank()) throw new AssertionError(where + " has no summary");
            }
        }
    }

    private static void finite(String where, double[] values) {
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i])) throw new AssertionError(where + " has value " + values[i] + " at " + i);
    }

    /** Two runs on fresh contexts with the same seed give the same findings, bit for bit. */
    public static List<Finding> assertDeterministic(Explainer explainer, Supplier<? extends KitContext> context)
            throws AuditCancelledException {
        List<Finding> first = explainer.explain(context.get().start());
        List<Finding> second = explainer.explain(context.get().start());
        String difference = difference("findings", first, second);
        if (difference != null) throw new AssertionError("two runs with the same seed differ: " + difference);
        return first;
    }

    /**
     * The explainer stops within one second once the context is cancelled {@code after} its start: it throws
     * {@link AuditCancelledException} or returns.
     */
    public static void assertCancellable(Explainer explainer, KitContext context, Duration after) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                explainer.explain(context);
            } catch (AuditCancelledException expected) {
                // what a cancelled explainer should do
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "kit-cancellable");
        run.setDaemon(true);
        context.start();
        run.start();
        run.join(after.toMillis());
        if (!run.isAlive()) {
            if (failure.get() != null) throw new AssertionError("the explainer failed before it was cancelled", failure.get());
            return; // finished before it could be cancelled: nothing left to stop
        }
        context.cancel();
        run.join(1000);
        if (run.isAlive()) {
            run.interrupt();
            throw new AssertionError("the explainer was still running 1 s after it was cancelled: check"
                    + " AuditContext.checkCancelled() in its loops");
        }
        if (failure.get() != null) throw new AssertionError("the explainer failed when cancelled (expected AuditCancelledException)", failure.get());
    }

    /** The explainer finishes within the context's time budget; returns its findings. */
    public static List<Finding> assertWithinBudget(Explainer explainer, KitContext context) throws AuditCancelledException {
        long start = System.nanoTime();
        List<Finding> findings;
        try {
            findings = explainer.explain(context.start());
        } catch (AuditCancelledException e) {
            throw new AssertionError("the explainer ran out of its time budget of " + context.timeBudget(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (took.compareTo(context.timeBudget()) > 0)
            throw new AssertionError("the explainer took " + took + ", more than its budget of " + context.timeBudget());
        return findings;
    }

    /** Null when equal (records by component, arrays by element with doubles compared bit for bit), else where not. */
    static String difference(String path, Object a, Object b) {
        if (a == b) return null;
        if (a == null || b == null) return path + ": " + a + " vs " + b;
        if (a.getClass() != b.getClass()) return path + ": " + a.getClass().getSimpleName() + " vs " + b.getClass().getSimpleName();
        if (a instanceof double[] x) {
            double[] y = (double[]) b;
            if (x.length != y.length) return path + ": " + x.length + " vs " + y.length + " values";
            for (int i = 0; i < x.length; i++)
                if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) return path + "[" + i + "]: " + x[i] + " vs " + y[i];
            return null;
        }
        if (a instanceof float[] x) return Arrays.equals(x, (float[]) b) ? null : path + ": float arrays differ";
        if (a instanceof int[] x) return Arrays.equals(x, (int[]) b) ? null : path + ": int arrays differ";
        if (a instanceof List<?> x) {
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) return path + ": " + x.size() + " vs " + y.size() + " elements";
            for (int i = 0; i < x.size(); i++) {
                String d = difference(path + "[" + i + "]", x.get(i), y.get(i));
                if (d != null) return d;
            }
            return null;
        }
        if (a.getClass().isRecord()) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    String d = difference(path + "." + c.getName(), c.getAccessor().invoke(a), c.getAccessor().invoke(b));
                    if (d != null) return d;
                } catch (ReflectiveOperationException e) {
                    return path + "." + c.getName() + ": cannot read (" + e + ")";
                }
            }
            return null;
        }
        return a.equals(b) ? null : path + ": " + a + " vs " + b;
    }
}
