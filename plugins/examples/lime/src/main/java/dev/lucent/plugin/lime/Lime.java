package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LIME as an attribution, the contract Lucent's built-in methods follow: the settings (and, for tables, each
 * feature's spread in the training data) in the constructor, the rows in one call. Tabular rows get a local slope
 * per feature; images get one weight per pixel (its superpixel's). LIME perturbs around each row itself, so it
 * takes no baselines; each target is the class whose probability is explained (0 for a regression).
 */
final class Lime implements Attribution {

    /** One row's local fit: its attributions, the fit's weighted R^2, what was kept, in words. */
    record Fit(double[] values, double r2, String kept, String note) {
    }

    private final Settings settings;
    private final double[] scale;
    private final long seed;

    /** @param scale each feature's standard deviation in the training data; null for images */
    Lime(Settings settings, double[] scale, long seed) {
        this.settings = settings;
        this.scale = scale == null ? null : scale.clone();
        this.seed = seed;
    }

    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        return attributions(fit(model, inputs, targets, monitor));
    }

    /** The fits as the contract returns them: each row's note says how well its surrogate fits. */
    Attributions attributions(List<Fit> fits) {
        int k = fits.get(0).values().length;
        float[] values = new float[fits.size() * k];
        String[] notes = new String[fits.size()];
        for (int r = 0; r < fits.size(); r++) {
            double[] v = fits.get(r).values();
            for (int j = 0; j < k; j++) values[r * k + j] = (float) v[j];
            notes[r] = fits.get(r).note();
        }
        String how = scale == null
                ? settings.imageSamples() + " samples per image, superpixels switched off to the image's mean"
                : settings.samples() + " samples per row, slopes per unit of each feature";
        return new Attributions(values, null, notes, "LIME local surrogates: " + how + ", top " + settings.topK() + " kept");
    }

    /** One local surrogate per row, in row order, each with a seed of its own. */
    List<Fit> fit(AuditableModel model, Tensor inputs, int[] targets, Monitor monitor) throws AuditCancelledException {
        int[] shape = inputs.shape();
        int rows = shape[0];
        int size = inputs.size() / rows;
        float[] all = inputs.toArray();
        List<Fit> fits = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Monitor row = monitor.range((double) r / rows, (r + 1.0) / rows);
            row.progress(0, "LIME for row " + r);
            float[] x = java.util.Arrays.copyOfRange(all, r * size, (r + 1) * size);
            long rowSeed = seed * 0x9E3779B97F4A7C15L + r;
            if (scale == null) {
                ImageLime.Explanation e = ImageLime.explain(model, x, targets[r], shape[1], shape[2], shape[3], settings, rowSeed, row);
                fits.add(new Fit(e.pixelWeights(), e.r2(), e.kept() + " of " + e.superpixels(),
                        e.kept() + " of " + e.superpixels() + " superpixels (" + e.cell() + "x" + e.cell()
                                + " pixels) kept; weighted R^2 of the local fit " + fmt(e.r2())));
            } else {
                TabularLime.Explanation e = TabularLime.explain(model, x, targets[r], scale, settings, rowSeed, row);
                fits.add(new Fit(e.slopes(), e.r2(), e.kept() + " of " + size,
                        "change of the explained output per unit of each feature near this row; " + e.kept() + " of " + size
                                + " features kept; weighted R^2 of the local fit " + fmt(e.r2())
                                + "; kernel width " + fmt(e.kernelWidth())));
            }
        }
        monitor.progress(1, "LIME done for " + rows + " rows");
        return fits;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
