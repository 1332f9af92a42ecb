package dev.lucent.explain.api;

/**
 * A per-pixel map over an image (signed attributions or a relevance map), drawn over the image itself.
 *
 * @param values      row-major {@code height * width} values
 * @param image       the input image as grey values, row-major {@code height * width}, or null
 * @param colourScale what red (positive) and blue (negative) values mean, e.g. "red: brighter than the image, blue:
 *                    darker"; null for an attribution, whose red raises the class score and blue lowers it. Since 2.1
 */
public record ImageHeatmap(String title, Stage stage, String subject, int height, int width,
                           double[] values, double[] image, String note, String colourScale) implements Finding {

    /** An attribution heatmap: red raises the class score, blue lowers it. */
    public ImageHeatmap(String title, Stage stage, String subject, int height, int width, double[] values, double[] image, String note) {
        this(title, stage, subject, height, width, values, image, note, null);
    }

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
