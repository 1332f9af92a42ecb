package dev.lucent.explain.performance;

import dev.lucent.explain.support.BinaryCounts;
import org.eclipse.collections.api.list.primitive.MutableDoubleList;
import org.eclipse.collections.impl.list.mutable.primitive.DoubleArrayList;

/**
 * The ROC curve as sklearn's {@code roc_curve} (drop_intermediate: collinear points dropped, a first point
 * (0, 0) at threshold +inf) and its area by the trapezoidal rule, so tied scores count one half, as
 * {@code roc_auc_score}. The AUC is NaN when either class is absent.
 */
record RocCurve(double[] fpr, double[] tpr, double[] thresholds, double auc) {

    static RocCurve of(BinaryCounts c) {
        int n = c.size();
        MutableDoubleList f = new DoubleArrayList();
        MutableDoubleList t = new DoubleArrayList();
        MutableDoubleList th = new DoubleArrayList();
        f.add(0);
        t.add(0);
        th.add(Double.POSITIVE_INFINITY);
        for (int k = 0; k < n; k++) {
            boolean keep = k == 0 || k == n - 1
                    || (c.fps[k + 1] - 2 * c.fps[k] + c.fps[k - 1]) != 0
                    || (c.tps[k + 1] - 2 * c.tps[k] + c.tps[k - 1]) != 0;
            if (!keep) continue;
            f.add(c.negatives == 0 ? Double.NaN : (double) c.fps[k] / c.negatives);
            t.add(c.positives == 0 ? Double.NaN : (double) c.tps[k] / c.positives);
            th.add(c.thresholds[k]);
        }
        double[] x = f.toArray();
        double[] y = t.toArray();
        return new RocCurve(x, y, th.toArray(), auc(c));
    }

    /** Area by trapezoids over all distinct thresholds (dropping collinear points does not change it). */
    static double auc(BinaryCounts c) {
        if (c.positives == 0 || c.negatives == 0) return Double.NaN;
        // Sum in counts, divide once: trapezoid between consecutive (fp, tp) points.
        double area = 0;
        long pf = 0;
        long pt = 0;
        for (int k = 0; k < c.size(); k++) {
            area += (double) (c.fps[k] - pf) * (c.tps[k] + pt);
            pf = c.fps[k];
            pt = c.tps[k];
        }
        return area / (2.0 * c.positives * c.negatives);
    }
}
