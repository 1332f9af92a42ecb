package dev.lucent.explain.robustness;

import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Standardizer;
import dev.lucent.network.api.DataSplit;

/**
 * Per input value of the training rows, as the model takes them: mean, standard deviation, least and greatest. The mean
 * is what Lucent's pipeline fills a missing cell with (the training mean, CSV option MEAN), mapped as the model's
 * standardization maps it; the spread is what tabular noise and budgets are measured in (a feature's standard
 * deviation is the same share of its spread in the CSV's units and in the model's).
 */
record FeatureSpread(float[] mean, double[] sd, float[] min, float[] max) {

    static FeatureSpread of(DataSplit train) {
        int n = train.rows();
        int m = Data.sampleSize(train.features().shape());
        float[] x = train.features().toArray();
        Standardizer s = Standardizer.fit(n, m, (i, j) -> x[i * m + j]);
        float[] mean = new float[m], min = new float[m], max = new float[m];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                min[j] = Math.min(min[j], x[i * m + j]);
                max[j] = Math.max(max[j], x[i * m + j]);
            }
        for (int j = 0; j < m; j++) mean[j] = (float) s.mean()[j];
        return new FeatureSpread(mean, s.scale(), min, max);
    }
}
