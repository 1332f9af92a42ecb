package dev.lucent.network.api.data;

/**
 * How to split a {@link Dataset}: fractions of rows for train, validation and test, a seed, whether to
 * keep each class's share in every split (stratify) and whether to standardise features with statistics
 * fitted on the training split.
 */
public record SplitSpec(double train, double validation, double test, long seed, boolean stratify, boolean standardize) {
    public SplitSpec {
        if (!(train > 0 && train <= 1)) throw new IllegalArgumentException("train fraction must be in (0, 1], got " + train);
        if (!(validation >= 0 && validation < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validation);
        if (!(test >= 0 && test < 1)) throw new IllegalArgumentException("test fraction must be in [0, 1), got " + test);
        if (Math.abs(train + validation + test - 1) > 1e-9)
            throw new IllegalArgumentException("fractions must add up to 1, got " + train + " + " + validation + " + " + test);
    }

    /** Stratified (for classification) and standardised. */
    public static SplitSpec of(double train, double validation, double test, long seed) {
        return new SplitSpec(train, validation, test, seed, true, true);
    }

    public SplitSpec withStratify(boolean v) {
        return new SplitSpec(train, validation, test, seed, v, standardize);
    }

    public SplitSpec withStandardize(boolean v) {
        return new SplitSpec(train, validation, test, seed, stratify, v);
    }
}
