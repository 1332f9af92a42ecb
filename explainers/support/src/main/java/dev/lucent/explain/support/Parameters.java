package dev.lucent.explain.support;

import dev.lucent.explain.api.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters the shared helpers read ({@link Explained}, {@link Batching}, {@link Data#targets}, {@link Bootstrap}),
 * declared once here so that every explainer using a helper declares what the helper reads, in the same words.
 */
public final class Parameters {

    private Parameters() {
    }

    /** {@code patch}, read by {@link FeatureGroups} for image models. */
    public static Parameter patch() {
        return Parameter.whole("patch", "a seventh of the shorter image side", 0,
                "image models: side in pixels of the square patch that is one feature (all channels together); 0: every value alone");
    }

    /** {@code batch-size}, read by {@link Batching#rows}. */
    public static Parameter batchSize() {
        return Parameter.whole("batch-size", "what the memory budget allows", 1,
                "rows per model call; lowers the batch the memory budget allows, never raises it");
    }

    /** {@code target}, read by {@link Data#targets}. */
    public static Parameter target() {
        return Parameter.text("target", "predicted", "the output explained per row: 'predicted' (the predicted class) or an output index");
    }

    /** {@code positive-class}, read by {@link ModelOutputs#positiveClass}. */
    public static Parameter positiveClass() {
        return Parameter.text("positive-class", "the rarest training class", "the class recall and curves are judged for: a class name or index");
    }

    /** What {@link Explained#from} reads: {@code rows}, {@code shown}, {@code target} and {@code batch-size}. */
    public static List<Parameter> explained(int defaultRows) {
        return List.of(Parameter.whole("rows", Integer.toString(defaultRows), 1, "held-out rows explained (the first ones)"),
                Parameter.whole("shown", "4", 0, "rows drawn one by one in the report"), target(), batchSize());
    }

    /** What a {@link Bootstrap} is built from: {@code bootstrap-resamples} and {@code confidence}. */
    public static List<Parameter> bootstrap() {
        return List.of(Parameter.whole("bootstrap-resamples", "1000", 10, 1_000_000, "percentile-bootstrap resamples behind each interval"),
                Parameter.number("confidence", "0.95", 0.5, 0.999, "the confidence level of every interval"));
    }

    /** The lists joined, in order. */
    @SafeVarargs
    public static List<Parameter> of(List<Parameter>... groups) {
        List<Parameter> all = new ArrayList<>();
        for (List<Parameter> g : groups) all.addAll(g);
        return List.copyOf(all);
    }
}
