package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditContext;

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

    Settings with(AuditContext context) {
        return new Settings(context.intParameter("samples", samples), context.intParameter("imageSamples", imageSamples),
                context.intParameter("topK", topK), context.doubleParameter("kernelWidth", kernelWidth),
                context.doubleParameter("ridge", ridge), context.intParameter("rows", rows),
                context.intParameter("gridSide", gridSide));
    }
}
