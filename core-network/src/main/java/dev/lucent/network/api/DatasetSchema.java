package dev.lucent.network.api;

import java.util.List;

/**
 * What the columns of a data set mean.
 *
 * @param featureNames one name per input feature (for images, one per pixel, row-major)
 * @param labelName    the label column's name
 * @param classNames   class names by class index; empty for regression
 * @param sampleShape  the shape of one sample, e.g. {@code {30}} or {@code {1, 8, 8}}
 */
public record DatasetSchema(List<String> featureNames, String labelName, List<String> classNames, int[] sampleShape) {
    public DatasetSchema {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        sampleShape = sampleShape.clone();
    }

    public boolean isClassification() {
        return !classNames.isEmpty();
    }

    /** True when a sample is an image: shape {@code {channels, height, width}}. */
    public boolean isImage() {
        return sampleShape.length == 3;
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }
}
