package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.attribution.Attributions;
import java.util.Locale;

/**
 * Shapley values per input row.
 *
 * @param values    {@code n * m}, row-major
 * @param baseValue per row, E[f(background)]: the value of the empty coalition
 * @param output    per row, f(x): the value of the full coalition; values sum to output - baseValue
 */
public record ShapleyResult(double[] values, double[] baseValue, double[] output) {

    /** The values as the attribution contract returns them, each row noting its base value and output. */
    public Attributions attributions(String note) {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) values[i];
        String[] notes = new String[output.length];
        for (int i = 0; i < notes.length; i++)
            notes[i] = String.format(Locale.ROOT, "base value E[f(background)] = %.4g, f(x) = %.4g: the values add up to the difference",
                    baseValue[i], output[i]);
        return new Attributions(v, null, notes, note);
    }
}
