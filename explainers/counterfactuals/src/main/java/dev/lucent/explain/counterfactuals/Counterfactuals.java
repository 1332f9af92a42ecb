package dev.lucent.explain.counterfactuals;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.Seeds;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * One counterfactual run over chosen held-out rows, as both counterfactual explainers start it: the feature space and
 * its constraints, the method (gradient when the model gives input gradients, else genetic, unless the parameter
 * {@code method} says), and the search for each row towards its target class.
 */
final class Counterfactuals {

    static final int K = 3, STEPS = 200;
    static final double DIVERSITY = 0.5;

    final FeatureSpace space;
    final Decision decision;
    final CounterfactualSearch.Method method;
    final CounterfactualSearch search;
    final DataSplit test;
    /** Class probabilities of every held-out row. */
    final double[][] probabilities;

    /** The search parameters both explainers declare. */
    static List<Parameter> parameters(int defaultK) {
        return List.of(
                Parameter.choice("method", "auto", List.of("auto", "gradient", "genetic"),
                        "gradient (Wachter et al. with DiCE's diversity term, on the model's input gradients), genetic (model-agnostic, "
                                + "as DiCE's), or auto: gradient when the model gives input gradients, else genetic"),
                Parameter.whole("k", Integer.toString(defaultK), 1, 10, "counterfactuals sought per row, as diverse as the search can make them"),
                Parameter.text("target-class", "next",
                        "the class a counterfactual must reach: 'next' (each row's second most likely class) or a class name or index"),
                Parameter.whole("steps", Integer.toString(STEPS), 1, 10_000, "gradient steps per row (the genetic search runs steps / 10 generations)"),
                Parameter.number("diversity", Double.toString(DIVERSITY), 0, 10,
                        "weight of the diversity term: how far the k counterfactuals are pushed apart (0: not at all)"));
    }

    Counterfactuals(AuditContext context, int defaultK, FeatureSpace space) throws AuditCancelledException {
        this.space = space;
        this.decision = new Decision(context.model(), space);
        this.test = context.test().orElseThrow();
        this.probabilities = ModelOutputs.outputs(context, test, 0.0, 0.05);
        String chosen = context.parameter("method", "auto").strip().toLowerCase(java.util.Locale.ROOT);
        this.method = switch (chosen) {
            case "gradient" -> CounterfactualSearch.Method.GRADIENT;
            case "genetic" -> CounterfactualSearch.Method.GENETIC;
            default -> givesGradients() ? CounterfactualSearch.Method.GRADIENT : CounterfactualSearch.Method.GENETIC;
        };
        int[] trainPredicted = null;
        if (method == CounterfactualSearch.Method.GENETIC)
            trainPredicted = ModelOutputs.argmax(ModelOutputs.outputs(context, context.train(), 0.05, 0.1));
        this.search = new CounterfactualSearch(space, decision, context, context.intParameter("k", defaultK),
                context.intParameter("steps", STEPS), context.doubleParameter("diversity", DIVERSITY), trainPredicted);
    }

    /**
     * Why a model is not served, as the explainer's NOT_APPLICABLE verdict, or null: counterfactuals here are sought
     * for tabular classifiers (an image model's nearest flip is the robustness family's minimal perturbation).
     */
    static Verdict refusal(AuditContext context, String title) {
        if (context.model().inputShape().length == 1 && ModelOutputs.isClassifier(context)) return null;
        return Verdict.notApplicable(title, Stage.VALIDATION, "Counterfactuals here are for tabular classifiers; " + context.model().name()
                + " takes samples of shape " + java.util.Arrays.toString(context.model().inputShape()) + " and gives " + context.model().outputKind() + ".",
                "For image models, the robustness family's minimal perturbations answer the same question.");
    }

    /** Whether the model answers input gradients: a plugin's black box may refuse (UnsupportedOperationException). */
    private boolean givesGradients() {
        try {
            decision.marginGradients(new double[][] {new double[space.width]}, new int[] {0});
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** The target class for held-out row {@code i}: the parameter {@code target-class}, or the row's second most likely class. */
    static int target(AuditContext context, double[] p) {
        String given = context.parameter("target-class", "next").strip();
        if (given.equalsIgnoreCase("next")) {
            int first = 0;
            for (int j = 1; j < p.length; j++) if (p[j] > p[first]) first = j;
            int second = first == 0 ? 1 : 0;
            for (int j = 0; j < p.length; j++) if (j != first && p[j] > p[second]) second = j;
            return second;
        }
        List<String> names = context.schema().classNames();
        int byName = names.indexOf(given);
        if (byName >= 0) return byName;
        try {
            int idx = Integer.parseInt(given);
            if (idx >= 0 && idx < names.size()) return idx;
        } catch (NumberFormatException ignored) {
            // refused below, naming the choices
        }
        throw new IllegalArgumentException("parameter target-class: '" + given + "' is neither 'next', a class name " + names
                + " nor an index below " + names.size());
    }

    /** Searches for each of the held-out {@code rows}; progress runs from {@code from} to 1. */
    List<CounterfactualSearch.Found> run(AuditContext context, int[] rows, double from) throws AuditCancelledException {
        DataSplit csv = context.inCsvUnits(test);
        float[] all = csv.features().toArray();
        int d = space.width;
        List<CounterfactualSearch.Found> out = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            context.checkCancelled();
            int i = rows[r];
            double[] row = space.fromCsv(java.util.Arrays.copyOfRange(all, i * d, (i + 1) * d));
            int target = target(context, probabilities[i]);
            out.add(search.find(row, target, method, Seeds.derive(context.seed(), "counterfactuals/" + i)));
            context.progress(from + (1 - from) * (r + 1) / rows.length, "counterfactuals for " + (r + 1) + " of " + rows.length + " rows");
        }
        return out;
    }

    /** The method in an auditor's words, for notes. */
    String methodInWords() {
        return method == CounterfactualSearch.Method.GRADIENT
                ? "gradient search (Wachter et al. 2017 with DiCE's diversity term, on the model's input gradients)"
                : "genetic search (model-agnostic, as DiCE's: seeded from the training rows the model decides for the target)";
    }
}
