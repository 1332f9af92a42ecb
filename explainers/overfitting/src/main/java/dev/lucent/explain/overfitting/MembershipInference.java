package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Stats;
import java.util.Arrays;

/**
 * A loss-threshold membership-inference attack (Yeom et al. 2018): guess "was in the training set" when a row's
 * loss is low. Its power is the ROC-AUC of the score {@code -loss} separating training rows (members) from held-out
 * rows (non-members), ties counting one half: 0.5 means the model's losses give membership away no better than a
 * coin, 1 means every training row is recognisable. Also the attack's best advantage, max(TPR - FPR).
 */
record MembershipInference(double auc, double advantage, double[] fpr, double[] tpr, Bootstrap.Interval interval) {

    static MembershipInference of(double[] memberLosses, double[] nonMemberLosses, Bootstrap bootstrap, long seed,
                                  Bootstrap.Checkpoint checkpoint) throws AuditCancelledException {
        int m = memberLosses.length;
        double[] all = new double[m + nonMemberLosses.length];
        System.arraycopy(memberLosses, 0, all, 0, m);
        System.arraycopy(nonMemberLosses, 0, all, m, nonMemberLosses.length);
        int[] members = Bootstrap.identity(m);
        int[] non = new int[nonMemberLosses.length];
        for (int i = 0; i < non.length; i++) non[i] = m + i;
        Bootstrap.Statistic stat = rows -> {
            double[] a = new double[m];
            double[] b = new double[rows.length - m];
            for (int i = 0; i < m; i++) a[i] = all[rows[i]];
            for (int i = m; i < rows.length; i++) b[i - m] = all[rows[i]];
            return auc(a, b);
        };
        double[][] curve = curve(memberLosses, nonMemberLosses);
        double adv = 0;
        for (int i = 0; i < curve[0].length; i++) adv = Math.max(adv, curve[1][i] - curve[0][i]);
        Bootstrap.Interval ci = bootstrap == null ? null : bootstrap.interval(new int[][] {members, non}, stat, seed, checkpoint);
        return new MembershipInference(auc(memberLosses, nonMemberLosses), adv, curve[0], curve[1], ci);
    }

    /** P(member loss < non-member loss) + 1/2 P(equal): the AUC of non-member losses ranked above member losses. */
    static double auc(double[] memberLosses, double[] nonMemberLosses) {
        return Stats.auc(nonMemberLosses, memberLosses);
    }

    /** The attack's ROC: thresholds on the loss from low to high; x = non-members flagged, y = members flagged. */
    static double[][] curve(double[] memberLosses, double[] nonMemberLosses) {
        double[] a = memberLosses.clone();
        double[] b = nonMemberLosses.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double[] x = new double[a.length + b.length + 1];
        double[] y = new double[x.length];
        int i = 0;
        int j = 0;
        int k = 1;
        while (i < a.length || j < b.length) {
            double t = Math.min(i < a.length ? a[i] : Double.POSITIVE_INFINITY, j < b.length ? b[j] : Double.POSITIVE_INFINITY);
            while (i < a.length && a[i] == t) i++;
            while (j < b.length && b[j] == t) j++;
            x[k] = (double) j / b.length;
            y[k] = (double) i / a.length;
            k++;
        }
        return new double[][] {Arrays.copyOf(x, k), Arrays.copyOf(y, k)};
    }
}
