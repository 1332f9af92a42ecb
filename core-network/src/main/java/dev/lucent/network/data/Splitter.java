package dev.lucent.network.data;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Imputer;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import dev.lucent.network.api.data.Standardizer;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import java.util.Arrays;

/** Deterministic (stratified) train/validation/test splits, then imputation and standardisation fitted on train. */
public final class Splitter {
    private Splitter() {
    }

    public static Splits split(Dataset data, SplitSpec spec) throws DataFormatException {
        int rows = data.rows();
        String file = data.sources().get(0).name();
        boolean classification = data.schema().isClassification();
        int[] labels = data.labels();
        int groups = classification && spec.stratify() ? data.schema().classNames().size() : 1;

        // Rows of each group in file order, then shuffled by one generator walking the groups in class order.
        MutableIntList[] members = new MutableIntList[groups];
        for (int g = 0; g < groups; g++) members[g] = new IntArrayList();
        for (int i = 0; i < rows; i++) members[groups == 1 ? 0 : labels[i]].add(i);

        int needed = 1 + (spec.validation() > 0 ? 1 : 0) + (spec.test() > 0 ? 1 : 0);
        SplitMix64 rng = new SplitMix64(spec.seed());
        IntArrayList train = new IntArrayList(), validation = new IntArrayList(), test = new IntArrayList();
        for (int g = 0; g < groups; g++) {
            int n = members[g].size();
            if (n == 0) continue; // a class absent from the data (fixed class names) has nothing to split
            if (n < needed) {
                String what = groups == 1 ? "the data set has " + n + " rows"
                        : "class " + DataFormatException.quote(data.schema().classNames().get(g)) + " has " + n + (n == 1 ? " row" : " rows");
                throw DataFormatException.ofFile(file, "too few rows to split: " + what + "; a split into "
                        + (needed == 3 ? "train, validation and test" : "train and one more split")
                        + " needs at least " + needed + " of each" + (groups > 1 ? " class (or split without stratifying)" : ""));
            }
            int[] idx = members[g].toArray();
            rng.shuffle(idx, n);
            int nv = share(n, spec.validation()), nt = share(n, spec.test());
            while (n - nv - nt < 1) { // train keeps at least one row; take it from the larger other share
                if (nv >= nt && nv > 1) nv--;
                else nt--;
            }
            test.addAll(Arrays.copyOfRange(idx, 0, nt));
            validation.addAll(Arrays.copyOfRange(idx, nt, nt + nv));
            train.addAll(Arrays.copyOfRange(idx, nt + nv, n));
        }
        // File order inside each split: rows stay traceable and the result does not depend on group order.
        train.sortThis();
        validation.sortThis();
        test.sortThis();

        float[] x = data.features().toArray();
        int[] shape = data.features().shape();
        Tensor trainX = select(x, shape, train.toArray());
        Imputer imputer;
        if (data.missingCount() > 0) {
            try {
                imputer = Imputer.fit(trainX, data.missing(), data.schema().featureNames());
            } catch (IllegalArgumentException e) {
                throw DataFormatException.ofFile(file, e.getMessage());
            }
        } else {
            imputer = Imputer.none(data.schema().featureNames().size());
        }
        Tensor trainImputed = data.missingCount() > 0 ? imputer.apply(trainX) : trainX;
        Standardizer standardizer = spec.standardize() && train.size() > 0
                ? Standardizer.fit(trainImputed) : Standardizer.identity(data.schema().featureNames().size());

        return new Splits(
                make("train", trainImputed, data, train.toArray(), null, standardizer),
                make("validation", select(x, shape, validation.toArray()), data, validation.toArray(), imputer, standardizer),
                make("test", select(x, shape, test.toArray()), data, test.toArray(), imputer, standardizer),
                train.toArray(), validation.toArray(), test.toArray(), imputer, standardizer);
    }

    private static int share(int n, double fraction) {
        if (fraction == 0) return 0;
        return Math.max(1, (int) Math.round(n * fraction));
    }

    private static Tensor select(float[] x, int[] shape, int[] rows) {
        int f = 1;
        for (int d = 1; d < shape.length; d++) f *= shape[d];
        float[] out = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) System.arraycopy(x, rows[i] * f, out, i * f, f);
        int[] s = shape.clone();
        s[0] = rows.length;
        return Tensor.of(out, s);
    }

    private static DataSplit make(String name, Tensor x, Dataset data, int[] rows, Imputer imputer, Standardizer standardizer) {
        if (imputer != null && data.missingCount() > 0) x = imputer.apply(x);
        x = standardizer.apply(x);
        int[] labels = null;
        float[] targets = null;
        if (data.schema().isClassification()) {
            int[] all = data.labels();
            labels = new int[rows.length];
            for (int i = 0; i < rows.length; i++) labels[i] = all[rows[i]];
        } else {
            float[] all = data.targets();
            targets = new float[rows.length];
            for (int i = 0; i < rows.length; i++) targets[i] = all[rows[i]];
        }
        return new DataSplit(name, x, labels, targets);
    }
}
