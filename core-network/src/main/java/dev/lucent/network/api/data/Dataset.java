package dev.lucent.network.api.data;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.data.Splitter;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A loaded data set: its schema, every row, and where it came from. Read one with {@link Datasets}.
 *
 * <p>When missing values were allowed ({@link CsvOptions.Missing#MEAN} or {@code MEDIAN}) the missing
 * cells are NaN in {@link #features()}; {@link #split} imputes them with statistics of the training split.
 * Otherwise every value is finite.
 *
 * @param features          {@code [rows, sampleShape...]}
 * @param labels            class index per row (classification), else null
 * @param targets           real target per row (regression), else null
 * @param sourceLines       1-based line (CSV) or 0-based record index (IDX) of each row in its file, for tracing a row back
 * @param missingPerFeature count of missing values per feature
 * @param missing           the policy the data set was read with
 * @param sources           the files read, primary data file first, with their SHA-256
 */
public record Dataset(DatasetSchema schema, Tensor features, int[] labels, float[] targets, int[] sourceLines,
                      int[] missingPerFeature, CsvOptions.Missing missing, List<SourceFile> sources) {

    public Dataset {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(missing, "missing");
        sources = List.copyOf(sources);
        if (sources.isEmpty()) throw new IllegalArgumentException("a data set needs at least one source file");
        int[] shape = features.shape();
        int[] sample = schema.sampleShape();
        if (shape.length != sample.length + 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), sample))
            throw new IllegalArgumentException("features shape " + Arrays.toString(shape) + " does not match [rows, "
                    + Arrays.toString(sample) + "]");
        int rows = shape[0];
        if (schema.featureNames().size() != features.size() / Math.max(rows, 1) && rows > 0)
            throw new IllegalArgumentException(schema.featureNames().size() + " feature names for samples of "
                    + features.size() / rows + " values");
        if (schema.isClassification()) {
            if (labels == null || targets != null) throw new IllegalArgumentException("classification needs labels and no targets");
            if (labels.length != rows) throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
            int k = schema.classNames().size();
            for (int y : labels)
                if (y < 0 || y >= k) throw new IllegalArgumentException("label " + y + " out of range for " + k + " classes");
            labels = labels.clone();
        } else {
            if (targets == null || labels != null) throw new IllegalArgumentException("regression needs targets and no labels");
            if (targets.length != rows) throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows");
            for (float t : targets)
                if (!Float.isFinite(t)) throw new IllegalArgumentException("target " + t + " is not finite");
            targets = targets.clone();
        }
        if (sourceLines.length != rows) throw new IllegalArgumentException(sourceLines.length + " source lines for " + rows + " rows");
        sourceLines = sourceLines.clone();
        if (missingPerFeature.length != schema.featureNames().size())
            throw new IllegalArgumentException("missingPerFeature needs one count per feature");
        missingPerFeature = missingPerFeature.clone();
        if (missing == CsvOptions.Missing.ERROR && Arrays.stream(missingPerFeature).anyMatch(c -> c != 0))
            throw new IllegalArgumentException("missing values in a data set read with Missing.ERROR");
    }

    public int rows() {
        return features.shape()[0];
    }

    /** SHA-256 of the primary data file. */
    public String sha256() {
        return sources.get(0).sha256();
    }

    public long missingCount() {
        long n = 0;
        for (int c : missingPerFeature) n += c;
        return n;
    }

    /** Rows per class, by class index (classification only). */
    public int[] classCounts() {
        if (labels == null) throw new IllegalStateException("a regression data set has no classes");
        int[] counts = new int[schema.classNames().size()];
        for (int y : labels) counts[y]++;
        return counts;
    }

    /**
     * Splits the rows deterministically (same spec, same data: the same rows in each split, bit for bit),
     * stratified by class when asked and when the data set is a classification one, then imputes and
     * standardises with statistics fitted on the training split only.
     *
     * @throws DataFormatException when a class has fewer rows than the non-empty splits it must appear in,
     *                             or a feature has no value at all in the training split to impute from
     */
    public Splits split(SplitSpec spec) throws DataFormatException {
        return Splitter.split(this, spec);
    }

    /**
     * The whole data set as one split, with preprocessing fitted elsewhere (e.g. a separate test file
     * prepared with the training split's imputer and standardizer).
     */
    public DataSplit asSplit(String name, Imputer imputer, Standardizer standardizer) {
        Tensor x = features;
        if (missingCount() > 0) x = imputer.apply(x);
        return new DataSplit(name, standardizer.apply(x), labels, targets);
    }

    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    @Override
    public float[] targets() {
        return targets == null ? null : targets.clone();
    }

    @Override
    public int[] sourceLines() {
        return sourceLines.clone();
    }

    @Override
    public int[] missingPerFeature() {
        return missingPerFeature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && schema.featureNames().equals(d.schema.featureNames())
                && schema.labelName().equals(d.schema.labelName()) && schema.classNames().equals(d.schema.classNames())
                && Arrays.equals(schema.sampleShape(), d.schema.sampleShape())
                && Arrays.equals(features.shape(), d.features.shape()) && Arrays.equals(features.toArray(), d.features.toArray())
                && Arrays.equals(labels, d.labels) && Arrays.equals(targets, d.targets)
                && Arrays.equals(sourceLines, d.sourceLines) && Arrays.equals(missingPerFeature, d.missingPerFeature)
                && missing == d.missing && sources.equals(d.sources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sources, Arrays.hashCode(labels), Arrays.hashCode(targets), rows());
    }

    @Override
    public String toString() {
        return "Dataset[" + sources.get(0).name() + ", " + rows() + " rows, " + schema.featureNames().size() + " features, "
                + (schema.isClassification() ? schema.classNames().size() + " classes" : "regression") + "]";
    }
}
