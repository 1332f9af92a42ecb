package dev.lucent.explain.performance;

import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.Calibration;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.CalibrationBins;
import dev.lucent.explain.support.CalibrationReplicates;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.Summaries;
import java.io.Serializable;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Reliability diagram and expected calibration error (15 equal-width bins): do the model's probabilities mean
 * what they say? Multi-class models are judged on the top-label ECE (Guo et al. 2017). Binary models are judged on
 * the positive-class ECE, since the positive-class probability is the risk a clinician reads; their top-label ECE
 * (the figure most papers and libraries print, and smaller or larger) is reported beside it, and the verdict
 * names which one it uses.
 */
@Component(service = Explainer.class)
public final class CalibrationExplainer implements PartitionedExplainer<CalibrationExplainer.Summary> {

    static final ExplainerInfo INFO = new ExplainerInfo("calibration", "Calibration", "1.0.0", "model performance",
            "Whether a predicted probability of 80% comes true 80% of the time: reliability diagram and expected calibration error.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.whole("bins", "15", 2, 1000, "equal-width probability bins"),
                    Parameter.number("max-ece", "0.05", 0, 1, "the largest expected calibration error that passes"),
                    Parameters.positiveClass()),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return Evaluated.summarized(this, context, true);
    }

    /**
     * Calibration bins and their bootstrap replicates for each way of reading the rows, which
     * the findings choose from: for two classes, the probability of class 0 against "is class 0", the same for class 1
     * (whichever is the positive class, decided with the findings), then the top label; for more classes, the top label.
     */
    record Summary(CalibrationBins[] sets, CalibrationReplicates[] replicates, String split) implements Serializable {
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        int sets = context.schema().classNames().size() == 2 ? 3 : 1;
        int bins = context.intParameter("bins", Calibration.DEFAULT_BINS);
        int replicates = PoissonBootstrap.of(context).replicates();
        CalibrationBins[] all = new CalibrationBins[sets];
        CalibrationReplicates[] rep = new CalibrationReplicates[sets];
        for (int s = 0; s < sets; s++) {
            all[s] = new CalibrationBins(bins);
            rep[s] = new CalibrationReplicates(replicates, bins);
        }
        return new Summary(all, rep, "");
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) throws AuditCancelledException {
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        Summary s = emptySummary(context);
        double[][] p = ModelOutputs.classProbabilities(context, block);
        int[] labels = block.rows().labels();
        int[] predicted = ModelOutputs.argmax(p);
        int[] w = new int[boot.replicates()];
        double[] confidence = new double[s.sets().length];
        boolean[] hit = new boolean[confidence.length];
        for (int i = 0; i < p.length; i++) {
            if (i % 256 == 0) context.checkCancelled();
            int top = predicted[i];
            if (confidence.length == 3)
                for (int c = 0; c < 2; c++) {
                    confidence[c] = p[i][c];
                    hit[c] = labels[i] == c;
                }
            confidence[confidence.length - 1] = p[i][top];
            hit[confidence.length - 1] = labels[i] == top;
            boot.weights(block.rowIds()[i], w);
            for (int set = 0; set < confidence.length; set++) {
                double c = clamp(confidence[set]);
                s.sets()[set].add(c, hit[set], 1);
                s.replicates()[set].add(c, hit[set], w);
            }
        }
        return new Summary(s.sets(), s.replicates(), block.rows().name());
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        for (int set = 0; set < a.sets().length; set++) {
            a.sets()[set].merge(b.sets()[set]);
            a.replicates()[set].merge(b.replicates()[set]);
        }
        return new Summary(a.sets(), a.replicates(), Summaries.splitName(a.split(), b.split()));
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary summary) throws AuditCancelledException {
        int bins = context.intParameter("bins", Calibration.DEFAULT_BINS);
        double maxEce = context.doubleParameter("max-ece", 0.05);
        Calibration top = summary.sets()[summary.sets().length - 1].calibration();
        if (top.counts().length == 0)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "There are no held-out rows to judge."));
        boolean binary = summary.sets().length == 3;
        // the top label's probability and whether it is right (Guo et al. 2017): the verdict's ECE for multi-class
        int judgedSet = summary.sets().length - 1;
        String what = "top-label probability against the observed accuracy";
        String kind = "top-label ECE (Guo et al. 2017)";
        if (binary) {
            int pos = ModelOutputs.positiveClass(context);
            String name = ModelOutputs.className(context, pos);
            judgedSet = pos;
            what = "probability of " + name + " against the observed share of " + name;
            kind = "positive-class ECE (" + name + ")";
        }
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        Calibration cal = summary.sets()[judgedSet].calibration();
        Bootstrap.Interval ci = interval(context, boot, summary.replicates()[judgedSet]);
        List<Finding> out = new ArrayList<>();
        out.addAll(reliability(cal, bins, what));
        out.add(boot.metric("Expected calibration error: " + kind, Stage.VALIDATION, "ECE", cal.ece(), ci,
                "rows-weighted mean gap between predicted probability and observed frequency over " + bins + " bins; "
                        + "the verdict uses this one"));
        List<String> evidence = new ArrayList<>(List.of(kind + " " + Evaluated.fmt(cal.ece()) + " (" + Evaluated.fmt(ci.lower()) + " to "
                + Evaluated.fmt(ci.upper()) + ")", "tolerance " + Evaluated.fmt(maxEce)));
        if (binary) {
            Bootstrap.Interval topCi = interval(context, boot, summary.replicates()[2]);
            out.add(boot.metric("Expected calibration error: top-label ECE (Guo et al. 2017)", Stage.VALIDATION, "top-label ECE",
                    top.ece(), topCi, "the predicted class's probability against the accuracy over " + bins
                            + " bins, for comparison with other tools; the verdict uses the positive-class ECE"));
            evidence.add("top-label ECE (Guo et al. 2017, for comparison, not judged) " + Evaluated.fmt(top.ece()));
        }
        Tolerance.Judged judged = Tolerance.atMost(kind, cal.ece(), ci.lower(), ci.upper(), boot.confidence(), maxEce, "max-ece");
        // surely more than three times the tolerance off: the probabilities must not be read as risks
        Verdict.Outcome outcome = judged.outcome(ci.lower() > 3 * maxEce ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN);
        out.add(new Verdict("Are the probabilities calibrated?", Stage.VALIDATION, outcome,
                judged.summary(outcome) + switch (judged.position()) {
                    case WITHIN -> " Predicted probabilities match observed frequencies.";
                    case STRADDLES -> " The probabilities may be off; the interval is too wide to tell.";
                    case BEYOND -> outcome == Verdict.Outcome.FAIL
                            ? " Predicted probabilities are far from observed frequencies: do not read them as risks."
                            : " Predicted probabilities are off from observed frequencies.";
                }, evidence,
                outcome == Verdict.Outcome.PASS ? "" : "Recalibrate on held-out data (temperature scaling, Platt scaling or isotonic regression) before showing probabilities to clinicians."));
        return out;
    }

    /**
     * The reliability diagram and its rows per bin. A bin of one row says little about calibration, and an empty one
     * nothing: the line joins only neighbouring bins of two rows or more (a break, NaN, where a bin between is empty or
     * holds one row), one-row bins are shown as separate points, and the table beside it gives every bin's count.
     */
    static List<Finding> reliability(Calibration cal, int bins, String what) {
        double[] mc = cal.meanConfidence(), ob = cal.observed();
        long[] n = cal.counts();
        int[] b = cal.bins();
        List<Double> x = new ArrayList<>(), y = new ArrayList<>(), x1 = new ArrayList<>(), y1 = new ArrayList<>();
        int last = -2;
        for (int i = 0; i < mc.length; i++) {
            if (n[i] < 2) {
                x1.add(mc[i]);
                y1.add(ob[i]);
                x1.add(Double.NaN); // each one-row bin stands alone
                y1.add(Double.NaN);
                continue;
            }
            if (last >= 0 && b[i] != last + 1) {
                x.add(Double.NaN);
                y.add(Double.NaN);
            }
            x.add(mc[i]);
            y.add(ob[i]);
            last = b[i];
        }
        List<Curve.Series> series = new ArrayList<>();
        series.add(new Curve.Series("model (bins of 2 rows or more; the line breaks at emptier bins)", doubles(x), doubles(y)));
        if (!x1.isEmpty()) series.add(new Curve.Series("bins of one row (not reliable)", doubles(x1), doubles(y1)));
        series.add(new Curve.Series("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}));
        List<List<String>> rows = new ArrayList<>();
        long[] all = new long[bins];
        double[] allMc = new double[bins], allOb = new double[bins];
        java.util.Arrays.fill(allMc, Double.NaN);
        java.util.Arrays.fill(allOb, Double.NaN);
        for (int i = 0; i < mc.length; i++) {
            all[b[i]] = n[i];
            allMc[b[i]] = mc[i];
            allOb[b[i]] = ob[i];
        }
        for (int k = 0; k < bins; k++)
            rows.add(List.of(Evaluated.fmt((double) k / bins) + " to " + Evaluated.fmt((double) (k + 1) / bins), Long.toString(all[k]),
                    all[k] == 0 ? "-" : Evaluated.fmt(allMc[k]), all[k] == 0 ? "-" : Evaluated.fmt(allOb[k])));
        return List.of(new Curve("Reliability diagram", Stage.VALIDATION, "mean predicted probability", "observed frequency", series,
                        what + "; " + bins + " equal-width bins; rows per bin in the table below"),
                new dev.lucent.explain.api.Table("Reliability diagram: rows per bin", Stage.VALIDATION,
                        List.of("bin of predicted probability", "rows", "mean predicted probability", "observed frequency"), rows,
                        "an empty bin has no point; a bin of one row is a point of its own, not joined to the line"));
    }

    private static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Bootstrap.Interval interval(AuditContext context, PoissonBootstrap boot, CalibrationReplicates replicates)
            throws AuditCancelledException {
        double[] ece = new double[replicates.replicates()];
        for (int b = 0; b < ece.length; b++) {
            if (b % 100 == 0) context.checkCancelled();
            ece[b] = replicates.ece(b);
        }
        return boot.interval(ece);
    }

    /** A probability a hair outside [0, 1] by float rounding, brought back. */
    private static double clamp(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
