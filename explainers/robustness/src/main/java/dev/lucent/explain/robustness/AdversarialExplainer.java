package dev.lucent.explain.robustness;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Constraints;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Accuracy under FGSM and PGD attacks at L-inf and L2 budgets ({@link Attack}), the least L2 (or L-inf) perturbation
 * that flips each row's decision (a binary search over the budget), and, for image models, a few flipped rows drawn
 * as the image, its perturbation and the perturbed image. Budgets are in the data's units: pixel values for images;
 * for tabular rows, each feature's training standard deviation, since one budget in raw CSV units would mean nothing
 * across features measured in millimetres and in thousands. Tabular attacks keep the counterfactuals' constraints
 * ({@link Constraints}: immutable, ranges, integer, categorical, monotone-increasing) and show a few flipped rows
 * before and after. PGD's accuracy at the judged L-inf budget is judged against the tolerance the user sets.
 */
@Component(service = Explainer.class)
public final class AdversarialExplainer implements Explainer {

    static final double MAX_ACCURACY_DROP = 0.1;
    /** Default budgets: for images as shares of the data's value range, for tables in feature standard deviations. */
    static final double[] IMAGE_LINF = {0.01, 0.02, 0.05, 0.1, 0.2};
    static final double[] IMAGE_L2 = {0.25, 0.5, 1, 2, 4};
    static final double[] TABULAR_LINF = {0.05, 0.1, 0.2, 0.5, 1};
    static final double[] TABULAR_L2 = {0.1, 0.25, 0.5, 1, 2};

    static final ExplainerInfo INFO = new ExplainerInfo("adversarial-attacks", "Accuracy under adversarial attack (FGSM, PGD)", "1.0.0",
            "robustness",
            "How much accuracy the smallest deliberate changes to held-out inputs can take away (FGSM and PGD with the model's own"
                    + " gradients, L-inf and L2 budgets), and the least change that flips each row's decision.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT, ExplainerInfo.Need.GRADIENTS),
            Parameters.of(List.of(
                    Parameter.whole("rows", "100", 1, "held-out rows attacked (the first ones)"),
                    Parameter.text("linf-budgets", "images: 0.01, 0.02, 0.05, 0.1, 0.2 x the value range; tables: 0.05, 0.1, 0.2, 0.5, 1 sd",
                            "L-inf budgets, comma-separated, in the data's units (pixel values; for tables, feature standard deviations)"),
                    Parameter.text("l2-budgets", "images: 0.25, 0.5, 1, 2, 4 x the value range; tables: 0.1, 0.25, 0.5, 1, 2 sd",
                            "L2 budgets, comma-separated, in the same units"),
                    Parameter.whole("steps", "10", 1, 1000, "PGD steps: the first FGSM's (the whole budget), the others 2.5 x budget / steps (Madry et al.)"),
                    Parameter.whole("random-restarts", "1", 0, 100, "further PGD runs from seeded random points within the budget, on the rows still standing"),
                    Parameter.number("judged-budget", "the third L-inf budget", 0, Parameter.NO_LIMIT,
                            "the L-inf budget at which PGD's accuracy is judged"),
                    Parameter.number("max-accuracy-drop", Double.toString(MAX_ACCURACY_DROP), 0, 1,
                            "the most accuracy PGD may take away at the judged budget"),
                    Parameter.choice("flip-norm", "l2", List.of("l2", "linf"), "the norm of the least flipping perturbation searched per row"),
                    Parameter.whole("flip-search-steps", "8", 1, 30, "halvings of the binary search for the least flipping budget"),
                    Parameter.whole("shown", "3", 0, 20,
                            "flipped rows shown: images drawn as image, perturbation, perturbed image; table rows as before and after"),
                    Parameters.batchSize()), Constraints.parameters(), Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Evaluation first = Evaluation.of(context, 1);
        if (!first.classifier())
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "The model is a regression model: an attack here flips"
                    + " class decisions.", "The corruptions explainer measures a regression model's error under noise."));
        if (first.unscorable() != null) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, first.unscorable()));
        boolean image = context.model().inputShape().length == 3;
        Attack.Space space = space(context, image);
        double range = image ? space.hi()[0] - space.lo()[0] : 1;
        double[] linf = budgets(context, "linf-budgets", image ? IMAGE_LINF : TABULAR_LINF, range);
        double[] l2 = budgets(context, "l2-budgets", image ? IMAGE_L2 : TABULAR_L2, range);
        double judged = context.doubleParameter("judged-budget", linf[Math.min(2, linf.length - 1)]);
        if (Arrays.stream(linf).noneMatch(b -> b == judged)) {
            linf = Arrays.copyOf(linf, linf.length + 1);
            linf[linf.length - 1] = judged;
            Arrays.sort(linf);
        }
        int steps = context.intParameter("steps", 10);
        int restarts = context.intParameter("random-restarts", 1), searchSteps = context.intParameter("flip-search-steps", 8);
        int attacks = linf.length + l2.length;
        Evaluation.Planned planned = Evaluation.planned(context, 100, passes(attacks, steps, restarts, searchSteps));
        Evaluation e = planned.rows();
        String plan = planned.note();
        boolean settingsAsked = context.parameters().containsKey("steps") || context.parameters().containsKey("random-restarts")
                || context.parameters().containsKey("flip-search-steps");
        if (planned.over() > 1 && !settingsAsked) {
            // even one row is more than the share: fewer PGD steps, no restarts, a shorter search, as few as 1 step
            double affordable = passes(attacks, steps, restarts, searchSteps) / planned.over();
            restarts = 0;
            searchSteps = Math.min(searchSteps, 4);
            steps = (int) Math.max(1, Math.min(steps, Math.floor((affordable - 5.0 * attacks - searchSteps) / (4.0 * attacks + 4.0 * searchSteps))));
            plan += String.format(Locale.ROOT, "; one row is %.1f times the share, so PGD takes %d steps, no random restarts, and the least-flip"
                    + " search %d halvings", planned.over(), steps, searchSteps);
        }
        int pgdRestarts = restarts, halvings = searchSteps;
        Attack attack = new Attack(context.model(), space, e.batch());
        Attack.Check check = context::checkCancelled;
        Bootstrap boot = Evaluation.bootstrap(context);
        double[] clean = e.scores(e.x());
        int[] all = Bootstrap.identity(e.n());
        double cleanAccuracy = Evaluation.mean(clean, all);
        String unit = image ? "pixel value" : "feature standard deviations";
        List<Finding> out = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        double[] judgedScores = null;
        Bootstrap.Interval judgedCi = null;
        int jobs = linf.length + l2.length, done = 0;
        for (Attack.Norm norm : Attack.Norm.values()) {
            double[] budgets = norm == Attack.Norm.LINF ? linf : l2;
            double[] x = new double[budgets.length + 1], fgsm = new double[budgets.length + 1], pgd = new double[budgets.length + 1];
            fgsm[0] = pgd[0] = cleanAccuracy;
            for (int b = 0; b < budgets.length; b++) {
                context.progress(0.7 * done++ / jobs, norm.words + " attacks at budget " + budgets[b]);
                double[] eps = new double[e.n()];
                Arrays.fill(eps, budgets[b]);
                String purpose = "adversarial/" + norm + "/" + budgets[b];
                double[] f = e.scores(attack.run(e.x(), e.labels(), eps, Attack.Settings.fgsm(norm), 0, check).rows());
                double[] p = e.scores(attack.run(e.x(), e.labels(), eps, Attack.Settings.pgd(norm, steps, pgdRestarts),
                        Seeds.derive(context.seed(), purpose), check).rows());
                x[b + 1] = budgets[b];
                fgsm[b + 1] = Evaluation.mean(f, all);
                pgd[b + 1] = Evaluation.mean(p, all);
                Bootstrap.Interval fCi = Evaluation.interval(context, boot, e.n(), r -> Evaluation.mean(f, r), purpose + "/fgsm");
                Bootstrap.Interval pCi = Evaluation.interval(context, boot, e.n(), r -> Evaluation.mean(p, r), purpose + "/pgd");
                table.add(List.of(norm.words, num(budgets[b]), Evaluation.cell(fgsm[b + 1], fCi), Evaluation.cell(pgd[b + 1], pCi)));
                if (norm == Attack.Norm.LINF && budgets[b] == judged) {
                    judgedScores = p;
                    judgedCi = Evaluation.interval(context, boot, e.n(), r -> e.harm(clean, p, r), purpose + "/drop");
                }
            }
            out.add(new Curve("Held-out accuracy under " + norm.words + " attack", Stage.VALIDATION, norm.words + " budget (" + unit + ")",
                    "accuracy", List.of(new Curve.Series("FGSM", x, fgsm), new Curve.Series("PGD, " + steps + " steps", x, pgd)),
                    e.n() + " held-out rows; budget 0 is the clean accuracy; margin loss (Carlini and Wagner), the model's own gradients"
                            + plan
                            + (image ? "" : "; the constraints kept (immutable, ranges, integer, categorical, monotone-increasing)")));
        }
        out.add(new Table("Held-out accuracy under attack", Stage.VALIDATION, List.of("norm", "budget (" + unit + ")",
                "FGSM accuracy (" + CorruptionsExplainer.pct(boot.confidence()) + " interval)", "PGD accuracy (interval)"), table,
                "clean accuracy " + String.format(Locale.ROOT, "%.3f", cleanAccuracy) + "; percentile bootstrap over the " + e.n() + " rows"));
        out.addAll(leastFlips(context, e, attack, space, l2, linf, steps, halvings, unit, check));
        double drop = e.harm(clean, judgedScores, all);
        String parameter = "max-accuracy-drop";
        Tolerance.Judged j = Tolerance.atMost("accuracy drop under PGD at L-inf budget " + num(judged) + " " + unit, drop, judgedCi.lower(),
                judgedCi.upper(), boot.confidence(), context.doubleParameter(parameter, MAX_ACCURACY_DROP), parameter);
        Verdict.Outcome o = j.outcome(Verdict.Outcome.FAIL);
        out.add(new Verdict("Robustness to adversarial attack", Stage.VALIDATION, o, j.summary(o),
                List.of(String.format(Locale.ROOT, "clean accuracy %.3f, under PGD %.3f", cleanAccuracy, Evaluation.mean(judgedScores, all))),
                j.within() ? "" : "Adversarial training (PGD examples in each batch, Madry et al. 2018) raises accuracy under attack;"
                + " or keep the model away from inputs an adversary controls."));
        context.progress(1.0, "done");
        return out;
    }

    /** The least budget flipping each row's decision, its distribution, and pictures of a few flipped images. */
    /**
     * Model passes one row costs, a gradient counted as three: at each budget FGSM (a gradient, scoring) and PGD (a gradient
     * and a forward per step and restart, scoring), then the least-flip search's PGD runs.
     */
    static double passes(int attacks, int steps, int restarts, int searchSteps) {
        return attacks * (4.0 + 4.0 * steps * (1 + restarts) + 1) + searchSteps * (4.0 * steps + 1);
    }

    private List<Finding> leastFlips(AuditContext context, Evaluation e, Attack attack, Attack.Space space, double[] l2, double[] linf, int steps, int halvings,
                                     String unit, Attack.Check check) throws AuditCancelledException {
        Attack.Norm norm = context.parameter("flip-norm", "l2").trim().equalsIgnoreCase("linf") ? Attack.Norm.LINF : Attack.Norm.L2;
        double[] budgets = norm == Attack.Norm.L2 ? l2 : linf;
        double max = budgets[budgets.length - 1];
        context.progress(0.7, "least flipping " + norm.words + " perturbation per row");
        int[] decided = e.decisions(e.x());
        float[] flipped = new float[e.x().length];
        double[] least = attack.minimalBudget(e.x(), decided, max, halvings,
                Attack.Settings.pgd(norm, steps, 0), flipped, check);
        List<Finding> out = new ArrayList<>();
        double[] found = Arrays.stream(least).filter(d -> !Double.isNaN(d)).sorted().toArray();
        // a step from (0, 0): the share of rows whose least flipping budget is at most x
        double[] bx = new double[found.length + 1], share = new double[found.length + 1];
        for (int i = 0; i < found.length; i++) {
            bx[i + 1] = found[i];
            share[i + 1] = (i + 1.0) / e.n();
        }
        out.add(new Curve("Rows flipped by the least " + norm.words + " perturbation", Stage.VALIDATION, norm.words + " budget (" + unit + ")",
                "share of rows flipped", List.of(new Curve.Series("rows flipped within the budget", bx, share)),
                found.length + " of " + e.n() + " rows flip within " + num(max) + "; binary search over PGD budgets, from the clean decision"));
        if (found.length > 0) {
            double median = Bootstrap.quantile(found, 0.5);
            out.add(new Metric("Median least flipping " + norm.words + " perturbation", Stage.VALIDATION, "median " + norm.words + " budget",
                    median, Double.NaN, Double.NaN, Double.NaN, "over the " + found.length + " rows that flip within " + num(max) + " " + unit));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(e.n(), 20); i++)
            rows.add(List.of(Integer.toString(i), Integer.toString(e.labels()[i]), Integer.toString(decided[i]),
                    Double.isNaN(least[i]) ? "not within " + num(max) : num(least[i])));
        out.add(new Table("Least flipping " + norm.words + " perturbation per row", Stage.VALIDATION,
                List.of("held-out row", "label", "decision", "least budget (" + unit + ")"), rows, "the first " + rows.size() + " rows"));
        if (space.constraints() == null) out.addAll(pictures(context, e, flipped, least, norm));
        else out.addAll(flippedRows(context, e, flipped, least, decided, norm, space));
        return out;
    }

    /**
     * For a few flipped table rows: each feature the least flipping perturbation changed, before and after in the CSV's
     * units (the changed values emphasized) and in the budget's units; the model is re-run on the rows after, and a row
     * is shown only when that run still decides otherwise.
     */
    private List<Finding> flippedRows(AuditContext context, Evaluation e, float[] flipped, double[] least, int[] decided, Attack.Norm norm,
                                      Attack.Space space) throws AuditCancelledException {
        InputConstraints ic = space.constraints();
        int[] after = e.decisions(flipped);
        List<String> names = context.schema().featureNames();
        String stated = ic.constraints.stated();
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < e.n() && out.size() < context.intParameter("shown", 3); i++) {
            if (Double.isNaN(least[i]) || after[i] == decided[i]) continue;
            List<List<String>> rows = new ArrayList<>();
            List<Table.Cell> emphasized = new ArrayList<>();
            for (int j = 0; j < e.m(); j++) {
                int k = i * e.m() + j;
                if (flipped[k] == e.x()[k]) continue;
                emphasized.add(new Table.Cell(rows.size(), 2));
                rows.add(List.of(names.get(j) + (ic.constraints.monotone(j) ? " (may only increase)" : ""),
                        ic.constraints.shown(j, ic.csv(j, e.x()[k])), ic.constraints.shown(j, ic.csv(j, flipped[k])),
                        num((flipped[k] - e.x()[k]) / space.scale()[j])));
            }
            out.add(new Table("Held-out row " + i + ": the least flipping " + norm.words + " perturbation (" + num(least[i]) + " sd)",
                    Stage.VALIDATION, List.of("feature", "this row", "perturbed", "change (sd)"), rows,
                    "the model decides " + ModelOutputs.className(context, decided[i]) + " on this row and "
                            + ModelOutputs.className(context, after[i]) + " when re-run on the perturbed one; values in the CSV's units, kept to"
                            + " the constraints (" + (stated.isEmpty() ? "" : stated + "; ") + "ranges; integer features: "
                            + ic.constraints.integerFeatures() + ")", emphasized));
        }
        return out;
    }

    /** For a few flipped rows: the image, the perturbation (signed, with its colour scale) and the perturbed image, in that order. */
    private List<Finding> pictures(AuditContext context, Evaluation e, float[] flipped, double[] least, Attack.Norm norm) {
        int[] in = context.model().inputShape();
        int c = in[0], h = in[1], w = in[2];
        int shown = context.intParameter("shown", 3);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < e.n() && out.size() < 3 * shown; i++) {
            if (Double.isNaN(least[i])) continue;
            double[] image = new double[h * w], moved = new double[h * w], delta = new double[h * w];
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < h * w; p++) {
                    int k = i * e.m() + ch * h * w + p;
                    image[p] += e.x()[k] / c;
                    moved[p] += flipped[k] / c;
                    delta[p] += (flipped[k] - e.x()[k]) / c;
                }
            String subject = "held-out row " + i + ", label " + e.labels()[i];
            String at = norm.words + " " + num(least[i]);
            out.add(new ImageHeatmap("Row " + i + ": the image", Stage.VALIDATION, subject, h, w, new double[h * w], image, "the clean image"));
            out.add(new ImageHeatmap("Row " + i + ": the least flipping perturbation (" + at + ")", Stage.VALIDATION, subject, h, w, delta, null,
                    "perturbed minus clean pixel values, channels averaged", "red: the attack made the pixel brighter, blue: darker"));
            out.add(new ImageHeatmap("Row " + i + ": the perturbed image", Stage.VALIDATION, subject, h, w, new double[h * w], moved,
                    "the image the model decides differently"));
        }
        return out;
    }

    /** The attack's space: images within the data's value range; tables in sd units, within each feature's training range. */
    static Attack.Space space(AuditContext context, boolean image) {
        FeatureSpread spread = FeatureSpread.of(context.train());
        int m = spread.sd().length;
        float[] scale = new float[m], lo = new float[m], hi = new float[m];
        boolean[] mutable = new boolean[m];
        Arrays.fill(mutable, true);
        if (image) {
            float a = Float.POSITIVE_INFINITY, b = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                a = Math.min(a, spread.min()[j]);
                b = Math.max(b, spread.max()[j]);
            }
            Arrays.fill(scale, 1f);
            Arrays.fill(lo, a);
            Arrays.fill(hi, b);
        } else {
            for (int j = 0; j < m; j++) scale[j] = (float) spread.sd()[j];
            System.arraycopy(spread.min(), 0, lo, 0, m);
            System.arraycopy(spread.max(), 0, hi, 0, m);
        }
        if (image) {
            for (Parameter p : Constraints.parameters())
                if (!context.parameter(p.name(), "none").strip().equalsIgnoreCase("none"))
                    throw new IllegalArgumentException("parameter " + p.name() + " names tabular features; this model takes images");
            return new Attack.Space(scale, lo, hi, mutable);
        }
        InputConstraints constraints = InputConstraints.of(context);
        if (constraints.constraints.width() != m)
            throw new IllegalArgumentException("the data names " + constraints.constraints.width() + " features, the model takes " + m + " values");
        for (int j = 0; j < m; j++) mutable[j] = !constraints.constraints.immutable(j);
        return new Attack.Space(scale, lo, hi, mutable, constraints);
    }

    /** The budgets given, or the defaults (times the value range for images). */
    static double[] budgets(AuditContext context, String parameter, double[] defaults, double range) {
        String given = context.parameters().get(parameter);
        if (given == null) return Arrays.stream(defaults).map(d -> d * range).toArray();
        double[] b;
        try {
            b = Arrays.stream(given.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).sorted().toArray();
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("parameter " + parameter + " must be positive numbers separated by commas, got '" + given + "'");
        }
        if (b.length == 0 || Arrays.stream(b).anyMatch(d -> !(d > 0) || Double.isInfinite(d)))
            throw new IllegalArgumentException("parameter " + parameter + " must be positive numbers separated by commas, got '" + given + "'");
        return b;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
