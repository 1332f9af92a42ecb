package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import java.util.List;

/** One run's settings: the built-in defaults, overridden by the audit's parameters, checked. */
record Settings(int samples, int imageSamples, int topK, double kernelWidth, double ridge, int rows, int gridSide) {

    Settings {
        positive("samples", samples, 2);
        positive("imageSamples", imageSamples, 2);
        positive("topK", topK, 1);
        positive("rows", rows, 1);
        positive("gridSide", gridSide, 1);
        if (!(kernelWidth >= 0) || Double.isInfinite(kernelWidth))
            throw new IllegalArgumentException("parameter kernelWidth must be 0 (LIME's default) or a positive number, got " + kernelWidth);
        if (!(ridge > 0) || Double.isInfinite(ridge))
            throw new IllegalArgumentException("parameter ridge must be a positive number, got " + ridge);
    }

    private static void positive(String name, int value, int least) {
        if (value < least) throw new IllegalArgumentException("parameter " + name + " must be at least " + least + ", got " + value);
    }

    static Settings of(LimeConfig c) {
        return new Settings(c.samples(), c.imageSamples(), c.topK(), c.kernelWidth(), c.ridge(), c.rows(), c.gridSide());
    }

    /**
     * The parameters {@link #with} reads, with these settings as their defaults: declared in the explainer's info so Lucent
     * refuses a misspelt name or a value out of range before the audit starts.
     */
    List<Parameter> declared() {
        return List.of(Parameter.whole("samples", Integer.toString(samples), 2, "perturbed copies per tabular row"),
                Parameter.whole("imageSamples", Integer.toString(imageSamples), 2, "perturbed copies per image"),
                Parameter.whole("topK", Integer.toString(topK), 1, "features kept in each explanation"),
                Parameter.number("kernelWidth", Double.toString(kernelWidth), 0, Parameter.NO_LIMIT,
                        "width of the proximity kernel; 0 for LIME's default, 0.75 times the square root of the feature count"),
                Parameter.number("ridge", Double.toString(ridge), 1e-12, Parameter.NO_LIMIT, "ridge penalty of the local linear model"),
                Parameter.whole("rows", Integer.toString(rows), 1, "held-out rows explained"),
                Parameter.whole("gridSide", Integer.toString(gridSide), 1, "an image is cut into gridSide x gridSide patches"));
    }

    Settings with(AuditContext context) {
        return new Settings(context.intParameter("samples", samples), context.intParameter("imageSamples", imageSamples),
                context.intParameter("topK", topK), context.doubleParameter("kernelWidth", kernelWidth),
                context.doubleParameter("ridge", ridge), context.intParameter("rows", rows),
                context.intParameter("gridSide", gridSide));
    }
}
