package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Standardizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * An L2 logistic regression (parameter {@code C}, default 1 as sklearn) on standardized features, trained on the
 * training split and compared with the network on the held-out split. Two classes give sklearn's binary
 * {@code LogisticRegression(C)}, more give its multinomial form. Solved by L-BFGS until every gradient component is
 * below {@code tol} (1e-4, scikit-learn's default) or {@code max-iterations} (3000), or its share of the audit budget is
 * spent, counted in evaluations of the objective at {@link TimeShare}'s fixed rate (the fit so far is compared, and the
 * finding says it stopped there; no clock is read, so a replay stops at the same iteration).
 */
@Component(service = Explainer.class)
public final class LogisticRegressionBaselineExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("baseline-logistic", "Logistic-regression baseline", "1.0.0", "baselines",
            "Whether the network beats a plain logistic regression trained on the same data: is deep learning needed here?",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.number("C", "1", 1e-09,
                    Parameter.NO_LIMIT, "inverse regularisation strength, as scikit-learn's C"),
                    Parameter.whole("max-iterations", "3000", 1, "solver iterations"),
                    Parameter.number("tol", "0.0001", 0, Parameter.NO_LIMIT, "the solver stops when every gradient component is below this, as scikit-learn's tol"),
                    Parameter.whole("max-train-rows", "5000", 1, "training rows the baseline is fitted on (a seeded sample when there are more)"), Baseline.MIN_ADVANTAGE),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    /**
     * A refusal when the fit cannot be held in this run's memory: the rows and their standardized copy, and the
     * solver's {@code classes x (features + 1)} coefficients about 26 times over (the weights, gradients, trial point
     * and direction, and L-BFGS's ten pairs), for the classes the training rows hold.
     */
    static Verdict tooLarge(AuditContext context, int classes) {
        int[] shape = context.train().features().shape();
        long d = 1;
        for (int i = 1; i < shape.length; i++) d *= shape[i];
        long rows = Math.min(shape[0], Math.max(1, context.intParameter("max-train-rows", 5000)));
        long need = 8L * (2 * rows * d + 26L * classes * (d + 1));
        long budget = context.memoryBudgetBytes() > 0 ? context.memoryBudgetBytes() : dev.lucent.explain.support.Batching.DEFAULT_BUDGET_BYTES;
        if (need <= budget) return null;
        return Verdict.notApplicable(INFO.name(), Stage.VALIDATION, String.format(java.util.Locale.ROOT,
                "A logistic regression on %d features for %d classes needs about %d MB (%d rows and %d coefficients as doubles), "
                        + "more than this run's memory budget of %d MB.", d, classes, need >> 20, rows, classes * (d + 1), budget >> 20),
                "Compare with the decision-tree baseline, or give the worker more memory (--memory) if the comparison is needed.");
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Baseline.refusal(context, INFO.name());
        if (refusal != null) return List.of(refusal);
        // As scikit-learn does, only the classes the training rows hold are fitted (its classes_): an ImageNet model's
        // 1000 units over photos of ten classes is a ten-class fit, not 1000 rows of coefficients for 150,528 pixels.
        int[] present = java.util.Arrays.stream(context.train().labels()).distinct().sorted().toArray();
        int classes = present.length;
        if (classes < 2)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "The training rows hold one class ("
                    + context.schema().classNames().get(present[0]) + "), so there is nothing for a classifier to learn."));
        double c = context.doubleParameter("C", 1.0);
        int maxIterations = context.intParameter("max-iterations", 3000);
        Verdict tooLarge = tooLarge(context, classes);
        if (tooLarge != null) return List.of(tooLarge);
        Baseline.Training training = Baseline.training(context);
        int[] fitLabels = training.labels().clone();
        for (int i = 0; i < fitLabels.length; i++) fitLabels[i] = java.util.Arrays.binarySearch(present, fitLabels[i]);
        Standardizer s = Standardizer.fit(training.x());
        double[][] z = s.apply(training.x());
        // With two classes the softmax's rows settle at w1 = -w0 = beta / 2, so its penalty |w0|^2 + |w1|^2 is
        // |beta|^2 / 2: the multinomial fit with C / 2 is exactly the binary fit with C (fitted with C it was C = 2).
        double fitC = classes == 2 ? c / 2 : c;
        double tol = context.doubleParameter("tol", 1e-4); // scikit-learn's default
        long evaluations = Math.max(1, (long) (TimeShare.flops(context, TimeShare.Rate.LOOPS) / LogisticRegression.evaluationFlops(z.length, z[0].length, classes)));
        LogisticRegression lr = LogisticRegression.fit(z, fitLabels, classes, fitC, maxIterations, tol, evaluations, it -> {
            context.checkCancelled();
            context.progress(0.7 * it / maxIterations, "logistic regression, iteration " + it);
        });
        double[][] testZ = s.apply(Baseline.rows(context.test().get()));
        int[] baseline = new int[testZ.length];
        for (int i = 0; i < testZ.length; i++) baseline[i] = present[lr.predict(testZ[i])];
        int[] network = Baseline.networkPredictions(context, context.test().get());
        String solver = lr.converged() ? "; L-BFGS converged in " + lr.iterations() + " iterations"
                : lr.iterations() < maxIterations ? "; L-BFGS stopped after " + lr.iterations() + " iterations, not converged: its share of the"
                + " audit budget holds " + evaluations + " evaluations of the objective (" + TimeShare.described(context, TimeShare.Rate.LOOPS)
                + "; the comparison is with that fit; a larger --budget lets it converge)"
                : "; L-BFGS ran its " + maxIterations + " iterations without converging (raise max-iterations)";
        List<Finding> out = new ArrayList<>(Baseline.compare(context, "logistic regression", training.note() + solver, context.test().get().labels(), network,
                baseline, 0.75));
        if (classes == 2) {
            // Binary: the log-odds of class 1 per standard deviation of each feature (softmax's two rows differ by it).
            List<String> names = context.schema().featureNames();
            int d = z[0].length;
            double[] coef = new double[d];
            for (int j = 0; j < d; j++) coef[j] = lr.coefficient(1, j) - lr.coefficient(0, j);
            List<String> features = new ArrayList<>();
            for (int j = 0; j < d; j++) features.add(j < names.size() ? names.get(j) : "feature " + j);
            out.add(new FeatureAttribution("Logistic-regression coefficients", Stage.VALIDATION,
                    "change in log-odds of " + context.schema().classNames().get(present[1]) + " per standard deviation", features, coef, null,
                    "binary L2 logistic regression, C = " + c + " (as scikit-learn's LogisticRegression(C=" + c + ")), "
                            + lr.iterations() + " iterations" + (lr.converged() ? "" : " (not converged: raise max-iterations)")
                            + "; a transparent model to compare the network's attributions with"));
        }
        context.progress(1.0, "done");
        return out;
    }
}
