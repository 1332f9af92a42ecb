package dev.lucent.explain.api.attribution;

/**
 * What an {@link Attribution} returns for {@code n} rows.
 *
 * @param values      row-major, {@code n * k}: {@code k} is the values per input row, or {@code height * width}
 *                    for methods that attribute to pixels of {@code [channels, height, width]} images (Grad-CAM, occlusion)
 * @param uncertainty per value, e.g. a standard error over samples; null when the method has none
 * @param rowNotes    per row, e.g. the convergence delta; null when the method has none
 * @param note        how the values were computed, in an auditor's words (settings, baseline)
 */
public record Attributions(float[] values, double[] uncertainty, String[] rowNotes, String note) {
    public Attributions {
        if (uncertainty != null && uncertainty.length != values.length)
            throw new IllegalArgumentException(values.length + " values but " + uncertainty.length + " uncertainties");
        values = values.clone();
        uncertainty = uncertainty == null ? null : uncertainty.clone();
        rowNotes = rowNotes == null ? null : rowNotes.clone();
    }

    /** Values without uncertainty or notes. */
    public static Attributions of(float[] values, String note) {
        return new Attributions(values, null, null, note);
    }

    /** The same values with another note, e.g. the method's note plus what its baselines were. */
    public Attributions withNote(String note) {
        return new Attributions(values, uncertainty, rowNotes, note);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public double[] uncertainty() {
        return uncertainty == null ? null : uncertainty.clone();
    }

    @Override
    public String[] rowNotes() {
        return rowNotes == null ? null : rowNotes.clone();
    }
}
