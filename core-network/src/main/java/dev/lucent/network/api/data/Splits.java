package dev.lucent.network.api.data;

import dev.lucent.network.api.DataSplit;

/**
 * The result of {@link Dataset#split(SplitSpec)}: three splits, which rows of the data set went where,
 * and the preprocessing fitted on the training split (apply both, imputer first, to any new data).
 *
 * @param trainRows      0-based row indices of the data set, ascending (so a row can be traced to its file line)
 * @param imputer        fills missing values; {@link Imputer#none} when the data had none
 * @param standardizer   {@link Standardizer#identity} when the spec did not ask for standardisation
 */
public record Splits(DataSplit train, DataSplit validation, DataSplit test, int[] trainRows, int[] validationRows,
                     int[] testRows, Imputer imputer, Standardizer standardizer) {
    public Splits {
        trainRows = trainRows.clone();
        validationRows = validationRows.clone();
        testRows = testRows.clone();
    }

    @Override
    public int[] trainRows() {
        return trainRows.clone();
    }

    @Override
    public int[] validationRows() {
        return validationRows.clone();
    }

    @Override
    public int[] testRows() {
        return testRows.clone();
    }
}
