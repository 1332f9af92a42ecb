package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;

/**
 * Exact k-nearest neighbours by brute force (squared Euclidean distance), ties broken by the lower row index so
 * results are deterministic. Brute force is exact and fast enough for the few thousand rows a check samples.
 */
final class NearestNeighbours {
    private NearestNeighbours() {
    }

    interface Checkpoint {
        void check(int done, int total) throws AuditCancelledException;
    }

    record Result(int[][] index, double[][] distance) {
    }

    /**
     * For each query row, its k nearest reference rows. With {@code excludeSelf}, query and reference are the
     * same rows and a row is never its own neighbour.
     */
    static Result find(double[][] query, double[][] reference, int k, boolean excludeSelf, Checkpoint checkpoint)
            throws AuditCancelledException {
        int kk = Math.min(k, reference.length - (excludeSelf ? 1 : 0));
        if (kk < 1) throw new IllegalArgumentException("need at least " + (excludeSelf ? 2 : 1) + " reference rows for neighbours");
        int[][] idx = new int[query.length][kk];
        double[][] dist = new double[query.length][kk];
        for (int q = 0; q < query.length; q++) {
            if (checkpoint != null) checkpoint.check(q, query.length); // each query scans every reference row
            int[] bi = idx[q];
            double[] bd = dist[q];
            java.util.Arrays.fill(bd, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(bi, Integer.MAX_VALUE);
            double[] a = query[q];
            for (int r = 0; r < reference.length; r++) {
                if (excludeSelf && r == q) continue;
                double[] b = reference[r];
                double s = 0;
                double worst = bd[kk - 1];
                for (int j = 0; j < a.length && s <= worst; j++) {
                    double d = a[j] - b[j];
                    s += d * d;
                }
                if (s > worst || (s == worst && r > bi[kk - 1])) continue;
                // insertion into the sorted k-list
                int at = kk - 1;
                while (at > 0 && (bd[at - 1] > s || (bd[at - 1] == s && bi[at - 1] > r))) {
                    bd[at] = bd[at - 1];
                    bi[at] = bi[at - 1];
                    at--;
                }
                bd[at] = s;
                bi[at] = r;
            }
            for (int j = 0; j < kk; j++) bd[j] = Math.sqrt(bd[j]);
        }
        return new Result(idx, dist);
    }
}
