package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Heatmaps;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.quality.core.DeletionInsertion;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.GaussianBlur;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Stats;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Deletion and insertion curves of an attribution method's maps, beside those of a random ordering of the
 * same pixels. Parameters: {@code method} (gradient), {@code steps} (min(pixels, 50)), {@code rows} (16).
 */
@Component(service = Explainer.class)
public final class DeletionInsertionExplainer extends QualityExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("deletion-insertion", "Deletion and insertion curves", "1.0.0",
            "explanation quality",
            "Whether the pixels an explanation ranks highest really drive the prediction: removing them first should "
                    + "make the class probability drop fast, adding them first to a blurred image should make it rise fast.",
            Set.of(ExplainerInfo.Need.GRADIENTS), // images and tabular rows alike (issue 15.2)
            Parameters.of(List.of(METHOD),
                    Parameters.explained(16), List.of(Parameter.whole("steps", "min(pixels or features, 50)", 1, "points on each curve"))));

    /** @param methods the attribution methods installed, one of which parameter {@code method} names */
    @Activate
    public DeletionInsertionExplainer(@Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
                        List<AttributionProvider> methods) {
        super(INFO, methods);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        int[] in = context.model().inputShape();
        String methodName = methodName(context);
        boolean images = in.length == 3;
        if (!images && in.length != 1)
            return List.of(new Verdict("Deletion and insertion of " + methodName, Stage.EXPLANATIONS, Verdict.Outcome.NOT_APPLICABLE,
                    "Deletion and insertion curves take images or rows of features; this model takes samples of shape " + Arrays.toString(in) + ".",
                    List.of(), "Use infidelity or max-sensitivity for this model."));
        Explained e = Explained.from(context, 16);
        int positions = images ? in[1] * in[2] : in[0]; // pixels, or features
        int steps = context.intParameter("steps", Math.min(positions, 50));
        Monitor monitor = Monitor.of(context);
        float[] attr = attributions(context, e);
        int n = e.rows();
        float[] saliency = new float[n * positions];
        float[] random = new float[n * positions];
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(context.seed(), INFO.id()));
        for (int i = 0; i < n; i++) {
            double[] map = images ? Heatmaps.channelSum(attr, i, in) : null;
            for (int p = 0; p < positions; p++) {
                saliency[i * positions + p] = images ? (float) map[p] : attr[i * positions + p]; // a feature's own attribution, signed
                random[i * positions + p] = (float) rnd.nextDouble();
            }
        }
        Tensor x = e.inputs();
        DeletionInsertion.Result r, base;
        String unit = images ? "pixels" : "features", how;
        if (images) {
            GaussianBlur blur = GaussianBlur.rise();
            r = DeletionInsertion.run(context.model(), x, saliency, e.targets(), steps, blur, e.batchRows(), monitor.range(0, 0.5));
            base = DeletionInsertion.run(context.model(), x, random, e.targets(), steps, blur, e.batchRows(), monitor.range(0.5, 1));
            how = "mean over " + n + " images; deletion sets pixels to 0, insertion starts from a blur (kernel 11, sigma 5)";
        } else {
            float[] means = Data.featureMeans(context.train().features());
            r = DeletionInsertion.runTabular(context.model(), x, means, saliency, e.targets(), steps, e.batchRows(), monitor.range(0, 0.5));
            base = DeletionInsertion.runTabular(context.model(), x, means, random, e.targets(), steps, e.batchRows(), monitor.range(0.5, 1));
            how = "mean over " + n + " rows; features taken in attribution order, most positive first; deletion sets a feature to its"
                    + " training mean, insertion starts from every feature at its mean";
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(new Curve("Deletion and insertion curves of " + methodName, Stage.EXPLANATIONS,
                "fraction of " + unit + " changed, most salient first", "probability of the explained class",
                List.of(new Curve.Series("deletion (" + methodName + ")", r.fractions(), r.deletion()),
                        new Curve.Series("insertion (" + methodName + ")", r.fractions(), r.insertion()),
                        new Curve.Series("deletion (random order)", base.fractions(), base.deletion()),
                        new Curve.Series("insertion (random order)", base.fractions(), base.insertion())),
                how));
        double[] dd = diff(base.rowDeletionAuc(), r.rowDeletionAuc()), di = diff(r.rowInsertionAuc(), base.rowInsertionAuc());
        findings.add(metric("Deletion AUC of " + methodName + " (lower is better)", "deletion AUC", r.deletionAuc(), r.rowDeletionAuc(),
                String.format(Locale.ROOT, "random order: %.4f", base.deletionAuc())));
        findings.add(metric("Insertion AUC of " + methodName + " (higher is better)", "insertion AUC", r.insertionAuc(), r.rowInsertionAuc(),
                String.format(Locale.ROOT, "random order: %.4f", base.insertionAuc())));
        double gainD = Stats.mean(dd), gainI = Stats.mean(di);
        double hwD = Stats.ci95HalfWidth(dd), hwI = Stats.ci95HalfWidth(di);
        boolean better = gainD - hwD > 0 && gainI - hwI > 0;
        boolean worse = gainD + hwD < 0 || gainI + hwI < 0;
        List<String> evidence = List.of(
                String.format(Locale.ROOT, "deletion AUC %.4f vs %.4f for a random order (gain %.4f +- %.4f)", r.deletionAuc(), base.deletionAuc(), gainD, hwD),
                String.format(Locale.ROOT, "insertion AUC %.4f vs %.4f for a random order (gain %.4f +- %.4f)", r.insertionAuc(), base.insertionAuc(), gainI, hwI));
        findings.add(new Verdict("Are " + methodName + "'s maps faithful?", Stage.EXPLANATIONS,
                better ? Verdict.Outcome.PASS : worse ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN,
                better ? "The " + unit + " " + methodName + " ranks highest move the prediction more than randomly chosen ones, on both curves."
                        : worse ? "The " + unit + " " + methodName + " ranks highest move the prediction less than randomly chosen ones."
                        : "The attributions of " + methodName + " are not clearly better than a random order of the " + unit + " on both curves.",
                evidence,
                better ? "None needed." : "Run this check with method set to " + otherMethods(methodName) + " and rely on a method that passes."));
        return findings;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static Metric metric(String title, String name, double value, double[] rows, String note) {
        double hw = Stats.ci95HalfWidth(rows);
        return new Metric(title, Stage.EXPLANATIONS, name, value, value - hw, value + hw, Double.isNaN(hw) ? Double.NaN : 0.95,
                note + "; interval: 95% t-interval over images");
    }
}
