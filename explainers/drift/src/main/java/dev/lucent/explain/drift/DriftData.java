package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Standardization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two data sets a drift check compares, per feature and in the CSV's own units (the model's standardization
 * undone): reference = the audit's training and test rows (the data the model was built and validated on), current =
 * the {@code --current} rows. Labels where both sides have them.
 */
record DriftData(List<String> features, double[][] reference, double[][] current, int[] referenceLabels,
                 int[] currentLabels) {

    /** The reference and current rows, or empty when the audit has no current data. */
    static Optional<DriftData> of(AuditContext context) {
        Optional<DataSplit> current = context.current();
        if (current.isEmpty()) return Optional.empty();
        List<DataSplit> ref = new ArrayList<>(List.of(context.train()));
        context.test().filter(t -> t != context.train()).ifPresent(ref::add);
        Standardization std = context.inputStandardization().orElse(null);
        double[][] r = columns(ref, std);
        double[][] c = columns(List.of(current.get()), std);
        int[] rl = labels(ref), cl = labels(List.of(current.get()));
        return Optional.of(new DriftData(context.schema().featureNames(), r, c, rl, cl));
    }

    /** A block's rows by column, in CSV units (the model's standardization undone as {@link #columns(List, Standardization)} does). */
    static double[][] columns(dev.lucent.explain.api.partition.RowBlock block, AuditContext context) {
        return columns(List.of(block.rows()), context.inputStandardization().orElse(null));
    }

    /** Column j of every split, row after row, in CSV units: value * std + mean. */
    static double[][] columns(List<DataSplit> splits, Standardization std) {
        float[] sd = std == null ? null : std.std(), mean = std == null ? null : std.mean(); // copies: read once
        int rows = 0;
        for (DataSplit s : splits) rows += s.rows();
        int m = width(splits.get(0).features());
        double[][] out = new double[m][rows];
        int at = 0;
        for (DataSplit s : splits) {
            float[] v = s.features().toArray();
            int n = s.rows();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++) {
                    double x = v[i * m + j];
                    out[j][at + i] = std == null ? x : x * sd[j] + mean[j];
                }
            at += n;
        }
        return out;
    }

    static int[] labels(List<DataSplit> splits) {
        int rows = 0;
        for (DataSplit s : splits) {
            if (s.labels() == null) return null;
            rows += s.labels().length;
        }
        int[] out = new int[rows];
        int at = 0;
        for (DataSplit s : splits) {
            System.arraycopy(s.labels(), 0, out, at, s.labels().length);
            at += s.labels().length;
        }
        return out;
    }

    static int width(Tensor features) {
        int[] s = features.shape();
        int m = 1;
        for (int i = 1; i < s.length; i++) m *= s[i];
        return m;
    }
}
