package dev.lucent.explain.api;

/**
 * A result of an explainer, of one of a few standard kinds that every output (console, HTML, JSON, CLI)
 * renders without templates of its own.
 */
public sealed interface Finding permits FeatureAttribution, ImageHeatmap, Curve, Table, Metric, Verdict {

    /** What the finding shows, in an auditor's words. */
    String title();

    Stage stage();
}
