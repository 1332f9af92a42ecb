package dev.lucent.explain.api;

/**
 * A per-pixel map over an image (signed attributions or a relevance map), drawn over the image itself.
 *
 * @param values row-major {@code height * width} values
 * @param image  the input image as grey values, row-major {@code height * width}, or null
 */
public record ImageHeatmap(String title, Stage stage, String subject, int height, int width,
                           double[] values, double[] image, String note) implements Finding {
    public ImageHeatmap {
        if (height <= 0 || width <= 0 || values.length != height * width)
            throw new IllegalArgumentException("heatmap of " + height + "x" + width + " with " + values.length + " values");
        if (image != null && image.length != values.length)
            throw new IllegalArgumentException("image of " + image.length + " values for a " + height + "x" + width + " heatmap");
        values = values.clone();
        image = image == null ? null : image.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] image() {
        return image == null ? null : image.clone();
    }
}
