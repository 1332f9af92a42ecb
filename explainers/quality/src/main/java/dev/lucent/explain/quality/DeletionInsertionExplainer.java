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
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.support.Tolerance;
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
 * same pixels, for each method; the verdict judges both AUC gains over the random order against {@code min-gain} (0) by
 * the one tolerance rule. Parameters: {@code method} (all), {@code steps} (min(pixels, 50)), {@code rows} (16).
 */
@Component(service = Explainer.class)
public final class DeletionInsertionExplainer extends QualityExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("deletion-insertion", "Deletion and insertion curves", "1.0.0",
            "explanation quality",
            "Whether the pixels an explanation ranks highest really drive the prediction: removing them first should "
                    + "make the class probability drop fast, adding them first to a blurred image should make it rise fast.",
            Set.of(ExplainerInfo.Need.GRADIENTS), // images and tabular rows alike (issue 15.2)
            Parameters.of(List.of(METHOD),
                    Parameters.explained(16), List.of(Parameter.whole("steps", "min(pixels or features, 50)", 1, "points on each curve"),
                    Parameter.number("min-gain", "0", -1, 1, "smallest AUC gain over a random order that both curves must show"))));

    /** @param methods the attribution methods installed, one of which parameter {@code method} names */
    @Activate
    public DeletionInsertionExplainer(@Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
                        List<AttributionProvider> methods) {
        super(INFO, methods);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        int[] in = context.model().inputShape();
        boolean images = in.length == 3;
        if (!images && in.length != 1)
            return List.of(new Verdict("Deletion and insertion", Stage.EXPLANATIONS, Verdict.Outcome.NOT_APPLICABLE,
                    "Deletion and insertion curves take images or rows of features; this model takes samples of shape " + Arrays.toString(in) + ".",
                    List.of(), "Use infidelity or max-sensitivity for this model."));
        Explained asked = Explained.from(context, 16);
        int positions = images ? in[1] * in[2] : in[0]; // pixels, or features
        int steps = context.intParameter("steps", Math.min(positions, 50));
        // a row's two curves are 2 x steps model passes, for the random order and again for each method: the random
        // order's rows are planned to half the share (unplanned, 16 rows x 100 passes of a 224 px ResNet-18 ran past the
        // limit before any method started), the methods' curves are charged with their attributions
        double curveFlops = 2.0 * steps * TimeShare.forwardFlopsPerRow(context.model(), asked.inputs().toArray(), in);
        Explained e = context.parameters().containsKey("rows") ? asked : asked.first((int) Math.max(2,
                Math.floor(TimeShare.flops(context, TimeShare.Rate.ATTRIBUTION) / 2 / curveFlops)));
        double minGain = context.doubleParameter("min-gain", 0);
        int n = e.rows();
        Tensor x = e.inputs();
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(context.seed(), INFO.id()));
        float[] random = new float[n * positions];
        for (int k = 0; k < random.length; k++) random[k] = (float) rnd.nextDouble();
        String unit = images ? "pixels" : "features", how;
        GaussianBlur blur = images ? GaussianBlur.rise() : null;
        float[] means = images ? null : Data.featureMeans(context.train().features());
        if (images) how = "mean over " + n + " images; deletion sets pixels to 0, insertion starts from a blur (kernel 11, sigma 5)";
        else how = "mean over " + n + " rows; features taken in attribution order, most positive first; deletion sets a feature to its"
                + " training mean, insertion starts from every feature at its mean";
        // the random order is every method's yardstick: drawn and run once
        DeletionInsertion.Result base = curves(context, e, random, steps, blur, means, Monitor.NONE);
        List<Finding> findings = new ArrayList<>();
        List<Checked<Judgement>> checked = forEachMethod(context, e, 1, curveFlops, e.rows() * curveFlops, (methodName, method, rows, monitor) -> {
            float[] attr = method.attribute(context.model(), rows.inputs(), null, rows.targets(), Monitor.NONE).values();
            int m = rows.rows();
            float[] saliency = new float[m * positions];
            for (int i = 0; i < m; i++) {
                double[] map = images ? Heatmaps.channelSum(attr, i, in) : null;
                for (int p = 0; p < positions; p++)
                    saliency[i * positions + p] = images ? (float) map[p] : attr[i * positions + p]; // a feature's own attribution, signed
            }
            DeletionInsertion.Result r = curves(context, rows, saliency, steps, blur, means, monitor.range(0.5, 1));
            findings.add(new Curve("Deletion and insertion curves of " + methodName, Stage.EXPLANATIONS,
                    "fraction of " + unit + " changed, most salient first", "probability of the explained class",
                    List.of(new Curve.Series("deletion (" + methodName + ")", r.fractions(), r.deletion()),
                            new Curve.Series("insertion (" + methodName + ")", r.fractions(), r.insertion()),
                            new Curve.Series("deletion (random order)", base.fractions(), base.deletion()),
                            new Curve.Series("insertion (random order)", base.fractions(), base.insertion())),
                    how));
            // the random order's rows are paired with the method's: the first m of them
            double[] dd = diff(base.rowDeletionAuc(), r.rowDeletionAuc()), di = diff(r.rowInsertionAuc(), base.rowInsertionAuc());
            findings.add(metric("Deletion AUC of " + methodName + " (lower is better)", "deletion AUC", r.deletionAuc(), r.rowDeletionAuc(),
                    String.format(Locale.ROOT, "random order: %.4f", base.deletionAuc())));
            findings.add(metric("Insertion AUC of " + methodName + " (higher is better)", "insertion AUC", r.insertionAuc(), r.rowInsertionAuc(),
                    String.format(Locale.ROOT, "random order: %.4f", base.insertionAuc())));
            double gainD = Stats.mean(dd), gainI = Stats.mean(di);
            double hwD = Stats.ci95HalfWidth(dd), hwI = Stats.ci95HalfWidth(di);
            // both curves must beat the random order: the worse-placed of the two judgements decides
            Tolerance.Judged del = Tolerance.atLeast("deletion AUC gain of " + methodName + " over a random order", gainD,
                    gainD - hwD, gainD + hwD, 0.95, minGain, "min-gain");
            Tolerance.Judged ins = Tolerance.atLeast("insertion AUC gain", gainI, gainI - hwI, gainI + hwI, 0.95, minGain, "min-gain");
            Verdict.Outcome o = worst(del.outcome(Verdict.Outcome.FAIL), ins.outcome(Verdict.Outcome.FAIL));
            List<String> evidence = List.of(
                    String.format(Locale.ROOT, "deletion AUC %.4f vs %.4f for a random order", r.deletionAuc(), base.deletionAuc()),
                    String.format(Locale.ROOT, "insertion AUC %.4f vs %.4f for a random order", r.insertionAuc(), base.insertionAuc()),
                    "intervals: 95% t-intervals over the rows' paired AUC differences");
            Verdict v = new Verdict("Are " + methodName + "'s maps faithful?", Stage.EXPLANATIONS, o,
                    o + ": " + del.sentence() + "; " + ins.sentence() + (switch (o) {
                        case PASS -> ". The " + unit + " " + methodName + " ranks highest move the prediction more than randomly chosen ones.";
                        case FAIL -> ". The " + unit + " " + methodName + " ranks highest move the prediction no more than randomly chosen ones.";
                        default -> ". More rows (parameter rows) narrow the intervals.";
                    }),
                    evidence,
                    o == Verdict.Outcome.PASS ? "None needed." : "Run this check with method set to " + otherMethods(methodName)
                            + " and rely on a method that passes.");
            findings.add(v);
            // the table shows the deletion gain; the verdict's sentence gives both
            return new Judgement(gainD, gainD - hwD, gainD + hwD, v);
        });
        findings.add(comparison("Deletion and insertion by attribution method", "deletion AUC gain over random (at least " + minGain + ")",
                checked, e.rows(), how + "; each method's verdict also judges its insertion gain"));
        return findings;
    }

    /** Deletion and insertion curves of one pixel or feature order. */
    private static DeletionInsertion.Result curves(AuditContext context, Explained e, float[] order, int steps, GaussianBlur blur,
                                                   float[] means, Monitor monitor) throws AuditCancelledException {
        return blur != null ? DeletionInsertion.run(context.model(), e.inputs(), order, e.targets(), steps, blur, e.batchRows(), monitor)
                : DeletionInsertion.runTabular(context.model(), e.inputs(), means, order, e.targets(), steps, e.batchRows(), monitor);
    }

    /** FAIL before WARN before PASS. */
    private static Verdict.Outcome worst(Verdict.Outcome a, Verdict.Outcome b) {
        return a == Verdict.Outcome.FAIL || b == Verdict.Outcome.FAIL ? Verdict.Outcome.FAIL
                : a == Verdict.Outcome.WARN || b == Verdict.Outcome.WARN ? Verdict.Outcome.WARN : Verdict.Outcome.PASS;
    }

    /** Per-row differences over the rows both have (a method cut to fewer rows is paired with the first ones). */
    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[Math.min(a.length, b.length)];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static Metric metric(String title, String name, double value, double[] rows, String note) {
        double hw = Stats.ci95HalfWidth(rows);
        return new Metric(title, Stage.EXPLANATIONS, name, value, value - hw, value + hw, Double.isNaN(hw) ? Double.NaN : 0.95,
                note + "; interval: 95% t-interval over images");
    }
}
