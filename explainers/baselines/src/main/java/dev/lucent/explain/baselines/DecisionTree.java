package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import java.util.Arrays;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.primitive.IntInterval;

/**
 * A CART classification tree (Breiman et al. 1984) with Gini impurity, depth-limited. Each node takes the split
 * {@code x_j <= t} (t midway between consecutive distinct values) with the largest impurity decrease; like
 * sklearn it splits an impure node even when no split decreases impurity (a zero gain), which is what lets a
 * greedy tree solve XOR at depth 2. Ties go to the lower feature, then the lower threshold: deterministic.
 */
final class DecisionTree {

    interface Checkpoint {
        void check() throws AuditCancelledException;
    }

    /** A node: a split (feature >= 0) or a leaf (feature = -1) with class probabilities. */
    private record Node(int feature, double threshold, Node left, Node right, double[] distribution) {
    }

    private final Node root;
    private final int leaves;
    private final int depth;

    private DecisionTree(Node root, int leaves, int depth) {
        this.root = root;
        this.leaves = leaves;
        this.depth = depth;
    }

    static DecisionTree fit(double[][] x, int[] y, int classes, int maxDepth, int minSamplesLeaf, Checkpoint checkpoint)
            throws AuditCancelledException {
        if (x.length == 0) throw new IllegalArgumentException("no training rows");
        if (maxDepth < 1) throw new IllegalArgumentException("max depth must be >= 1, got " + maxDepth);
        if (minSamplesLeaf < 1) throw new IllegalArgumentException("min samples per leaf must be >= 1, got " + minSamplesLeaf);
        // Rows sorted by each feature once; nodes keep these orders when they partition (no sorting below the root).
        int d = x[0].length;
        int[][] sorted = new int[d][];
        for (int j = 0; j < d; j++) {
            if (checkpoint != null && j % 16 == 0) checkpoint.check();
            int jj = j;
            MutableIntList order = IntInterval.zeroTo(x.length - 1).toList();
            order.sortThis((a, b) -> {
                int c = Double.compare(x[a][jj], x[b][jj]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            sorted[j] = order.toArray();
        }
        // The search runs over the classes the rows hold (a 1000-unit ImageNet head audited on ten: 1000 class counts per
        // candidate split made a 224 px tree take minutes); absent classes add nothing to a Gini impurity, so the tree is the
        // same, and each node's distribution is spread back over every class.
        int[] present = Arrays.stream(y).distinct().sorted().toArray();
        int[] compact = new int[classes];
        for (int k = 0; k < present.length; k++) compact[present[k]] = k;
        int[] yc = new int[y.length];
        for (int i = 0; i < y.length; i++) yc[i] = compact[y[i]];
        int[] stats = new int[2]; // leaves, depth reached
        Node root = spread(grow(x, yc, present.length, sorted, 0, maxDepth, minSamplesLeaf, checkpoint, stats), present, classes);
        return new DecisionTree(root, stats[0], stats[1]);
    }

    private static Node grow(double[][] x, int[] y, int classes, int[][] sorted, int depth, int maxDepth, int minLeaf,
                             Checkpoint checkpoint, int[] stats) throws AuditCancelledException {
        if (checkpoint != null) checkpoint.check();
        int[] rows = sorted[0];
        double[] counts = new double[classes];
        for (int r : rows) counts[y[r]]++;
        double[] dist = counts.clone();
        for (int k = 0; k < classes; k++) dist[k] /= rows.length;
        double impurity = gini(counts, rows.length);
        stats[1] = Math.max(stats[1], depth);
        if (depth >= maxDepth || impurity == 0 || rows.length < 2 * minLeaf) {
            stats[0]++;
            return new Node(-1, Double.NaN, null, null, dist);
        }
        int d = x[0].length;
        int bestFeature = -1;
        double bestThreshold = Double.NaN;
        double bestChildImpurity = Double.POSITIVE_INFINITY;
        double[] left = new double[classes];
        double[] right = new double[classes];
        for (int j = 0; j < d; j++) {
            if (checkpoint != null && j % 16 == 15) checkpoint.check(); // wide data: a node's search takes a while
            int[] order = sorted[j];
            Arrays.fill(left, 0);
            for (int i = 0; i < rows.length - 1; i++) {
                left[y[order[i]]]++;
                double here = x[order[i]][j];
                double next = x[order[i + 1]][j];
                if (here == next) continue;
                int nl = i + 1;
                int nr = rows.length - nl;
                if (nl < minLeaf || nr < minLeaf) continue;
                for (int k = 0; k < classes; k++) right[k] = counts[k] - left[k];
                double child = (nl * gini(left, nl) + nr * gini(right, nr)) / rows.length;
                if (child < bestChildImpurity - 1e-12) {
                    bestChildImpurity = child;
                    bestFeature = j;
                    bestThreshold = here + (next - here) / 2;
                }
            }
        }
        if (bestFeature < 0) {
            stats[0]++;
            return new Node(-1, Double.NaN, null, null, dist);
        }
        int f = bestFeature;
        double t = bestThreshold;
        int[][] l = new int[d][];
        int[][] r = new int[d][];
        for (int j = 0; j < d; j++) {
            l[j] = Arrays.stream(sorted[j]).filter(i -> x[i][f] <= t).toArray();
            r[j] = Arrays.stream(sorted[j]).filter(i -> x[i][f] > t).toArray();
        }
        return new Node(f, t, grow(x, y, classes, l, depth + 1, maxDepth, minLeaf, checkpoint, stats),
                grow(x, y, classes, r, depth + 1, maxDepth, minLeaf, checkpoint, stats), dist);
    }

    /** The tree with each node's distribution over the present classes spread over all {@code classes}. */
    private static Node spread(Node n, int[] present, int classes) {
        if (n == null) return null;
        double[] all = new double[classes];
        for (int k = 0; k < present.length; k++) all[present[k]] = n.distribution()[k];
        return new Node(n.feature(), n.threshold(), spread(n.left(), present, classes), spread(n.right(), present, classes), all);
    }

    static double gini(double[] counts, int n) {
        if (n == 0) return 0;
        double s = 1;
        for (double c : counts) s -= (c / n) * (c / n);
        return s;
    }

    double[] probabilities(double[] row) {
        Node n = root;
        while (n.feature() >= 0) n = row[n.feature()] <= n.threshold() ? n.left() : n.right();
        return n.distribution().clone();
    }

    int predict(double[] row) {
        double[] p = probabilities(row);
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    int leaves() {
        return leaves;
    }

    int depth() {
        return depth;
    }
}
