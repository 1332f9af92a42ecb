package dev.lucent.network.api;


/**
 * One split of a data set (train, validation, test).
 *
 * @param name     "train", "validation", "test" or a user's name
 * @param features {@code [rows, sampleShape...]}
 * @param labels   class index per row for classification, else null
 * @param targets  real target per row for regression, else null
 */
public record DataSplit(String name, Tensor features, int[] labels, float[] targets) {
    public int rows() {
        return features.shape()[0];
    }
}
