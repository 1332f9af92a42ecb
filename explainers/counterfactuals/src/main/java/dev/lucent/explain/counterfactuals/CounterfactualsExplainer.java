package dev.lucent.explain.counterfactuals;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Constraints;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.osgi.service.component.annotations.Component;

/**
 * What would have changed the decision, for the held-out rows a reviewer looks at first: the misclassified ones and
 * those the model decided by a narrow margin. For each, up to k diverse counterfactuals within the constraints, each
 * shown as a before/after table in the CSV's units with the changed values set apart, and checked by re-running the
 * model on it; aggregates: the share of rows with a valid counterfactual and the median number of features changed.
 */
@Component(service = Explainer.class)
public final class CounterfactualsExplainer implements Explainer {

    static final int ROWS = 20, SHOWN = 5;
    static final double BORDERLINE = 0.1;

    static final ExplainerInfo INFO = new ExplainerInfo("counterfactuals", "Counterfactual explanations", "1.0.0", "counterfactuals",
            "For misclassified and borderline held-out rows: the smallest changes, within the constraints you set, that make the model decide "
                    + "otherwise, several diverse ones per row, each checked by re-running the model.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(
                            Parameter.whole("rows", Integer.toString(ROWS), 1, 10_000,
                                    "held-out rows explained at most: the misclassified first, then the borderline, narrowest margin first"),
                            Parameter.number("borderline", Double.toString(BORDERLINE), 0, 1,
                                    "a correctly decided row is borderline when its two largest class probabilities differ by less than this (0: misclassified rows only)"),
                            Parameter.whole("shown", Integer.toString(SHOWN), 0, 100, "rows drawn as before/after tables in the report")),
                    Counterfactuals.parameters(Counterfactuals.K), Constraints.parameters(), Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refused = Counterfactuals.refusal(context, INFO.name());
        if (refused != null) return List.of(refused);
        FeatureSpace space = FeatureSpace.of(context);
        Counterfactuals run = new Counterfactuals(context, Counterfactuals.K, space);
        int[] labels = run.test.labels();
        int[] rows = chosenRows(run.probabilities, labels, context.doubleParameter("borderline", BORDERLINE), context.intParameter("rows", ROWS));
        if (rows.length == 0)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "No held-out row is misclassified or borderline (margin below "
                    + context.doubleParameter("borderline", BORDERLINE) + "): there is no decision to question.", "Raise the parameter borderline to explain more rows."));
        List<CounterfactualSearch.Found> found = run.run(context, rows, 0.1);

        List<Finding> out = new ArrayList<>();
        Bootstrap boot = Evaluated.bootstrap(context);
        double[] hasOne = new double[rows.length];
        double[] changed = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            hasOne[r] = found.get(r).counterfactuals().isEmpty() ? 0 : 1;
            changed[r] = hasOne[r] == 0 ? Double.NaN : found.get(r).counterfactuals().get(0).changed();
        }
        Bootstrap.Interval share = boot.interval(rows.length, rs -> mean(hasOne, rs), context.seed(), null);
        out.add(Evaluated.metric("Rows with a valid counterfactual", Stage.VALIDATION, "share of rows", mean(hasOne, Bootstrap.identity(rows.length)),
                share, boot.confidence(), rows.length + " rows explained; valid = the model, re-run on the counterfactual, decides for the target class"));
        if (Arrays.stream(hasOne).sum() > 0) {
            Bootstrap.Interval med = boot.interval(rows.length, rs -> median(changed, rs), context.seed(), null);
            out.add(Evaluated.metric("Median features changed", Stage.VALIDATION, "features changed", median(changed, Bootstrap.identity(rows.length)),
                    med, boot.confidence(), "over the rows with a valid counterfactual, the nearest one's count"));
        }
        out.add(summary(context, run, rows, found, labels));
        int shown = Math.min(context.intParameter("shown", SHOWN), rows.length);
        for (int r = 0, drawn = 0; r < rows.length && drawn < shown; r++) {
            if (found.get(r).counterfactuals().isEmpty()) continue;
            out.add(beforeAfter(context, space, rows[r], labels[rows[r]], run.probabilities[rows[r]], found.get(r)));
            drawn++;
        }
        context.progress(1.0, "done");
        return out;
    }

    /** The misclassified held-out rows in order, then the borderline ones, narrowest margin first, at most {@code cap}. */
    static int[] chosenRows(double[][] p, int[] labels, double borderline, int cap) {
        int[] predicted = ModelOutputs.argmax(p);
        List<Integer> wrong = new ArrayList<>(), near = new ArrayList<>();
        double[] gap = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double[] sorted = p[i].clone();
            Arrays.sort(sorted);
            gap[i] = sorted[sorted.length - 1] - (sorted.length > 1 ? sorted[sorted.length - 2] : 0);
            if (predicted[i] != labels[i]) wrong.add(i);
            else if (gap[i] < borderline) near.add(i);
        }
        near.sort(Comparator.comparingDouble(i -> gap[i]));
        wrong.addAll(near);
        return wrong.stream().limit(cap).mapToInt(Integer::intValue).toArray();
    }

    private static Table summary(AuditContext context, Counterfactuals run, int[] rows, List<CounterfactualSearch.Found> found, int[] labels) {
        List<List<String>> table = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            CounterfactualSearch.Found f = found.get(r);
            double[] p = run.probabilities[rows[r]];
            int predicted = ModelOutputs.argmax(new double[][] {p})[0];
            String why = predicted != labels[rows[r]] ? "misclassified" : "borderline";
            if (f.counterfactuals().isEmpty()) {
                table.add(List.of(Integer.toString(rows[r]), why, ModelOutputs.className(context, labels[rows[r]]),
                        decided(context, predicted, p[predicted]), ModelOutputs.className(context, f.target()), "0 of " + run.search.k(), "-", "-", "-", "-"));
                continue;
            }
            CounterfactualSearch.Counterfactual best = f.counterfactuals().get(0);
            table.add(List.of(Integer.toString(rows[r]), why, ModelOutputs.className(context, labels[rows[r]]), decided(context, predicted, p[predicted]),
                    ModelOutputs.className(context, f.target()), f.counterfactuals().size() + " of " + run.search.k(), Integer.toString(best.changed()),
                    num(best.proximity()), num(best.plausibility()), Double.isNaN(f.diversity()) ? "-" : num(f.diversity())));
        }
        return new Table("Counterfactuals per explained row", Stage.VALIDATION,
                List.of("held-out row", "why explained", "true class", "model decided", "target class", "valid found", "features changed (nearest)",
                        "distance (nearest)", "to nearest training row of the target", "diversity"),
                table, "method: " + run.methodInWords() + ". Distances are Euclidean in training standard deviations of each feature; "
                + "plausibility is the distance to the nearest training row labelled with the target class; diversity the mean distance "
                + "between a row's counterfactuals. Only counterfactuals the model, re-run, decides for the target are counted. "
                + "Integer features (every training value a whole number): " + run.space.integerFeatures() + ".");
    }

    /** One row before and after: the features any counterfactual changed, the changed values emphasized, then each one's measures. */
    static Table beforeAfter(AuditContext context, FeatureSpace space, int index, int label, double[] p, CounterfactualSearch.Found f) {
        List<CounterfactualSearch.Counterfactual> cfs = f.counterfactuals();
        List<String> columns = new ArrayList<>(List.of("feature", "this row"));
        for (int c = 0; c < cfs.size(); c++) columns.add("counterfactual " + (c + 1));
        List<List<String>> rows = new ArrayList<>();
        List<Table.Cell> emphasized = new ArrayList<>();
        double[] row = f.row();
        int[] features = IntStream.range(0, space.width).filter(j -> cfs.stream().anyMatch(c -> c.point()[j] != row[j])).toArray();
        for (int j : features) {
            List<String> cells = new ArrayList<>(List.of(space.names.get(j) + (space.constraints.monotone(j) ? " (may only increase)" : ""), space.shown(j, row[j])));
            for (int c = 0; c < cfs.size(); c++) {
                double v = cfs.get(c).point()[j];
                cells.add(space.shown(j, v));
                if (v != row[j]) emphasized.add(new Table.Cell(rows.size(), c + 2));
            }
            rows.add(cells);
        }
        int predicted = ModelOutputs.argmax(new double[][] {p})[0];
        List<String> decision = new ArrayList<>(List.of("model decides", decided(context, predicted, p[predicted])));
        List<String> changed = new ArrayList<>(List.of("features changed", "-"));
        List<String> distance = new ArrayList<>(List.of("distance (training SDs)", "-"));
        List<String> plausible = new ArrayList<>(List.of("to nearest " + ModelOutputs.className(context, f.target()) + " training row", "-"));
        for (CounterfactualSearch.Counterfactual c : cfs) {
            decision.add(decided(context, f.target(), c.probability()));
            changed.add(Integer.toString(c.changed()));
            distance.add(num(c.proximity()));
            plausible.add(num(c.plausibility()));
        }
        rows.addAll(List.of(decision, changed, distance, plausible));
        List<String> fixed = new ArrayList<>();
        for (int j = 0; j < space.width; j++) if (space.constraints.immutable(j)) fixed.add(space.names.get(j));
        return new Table("Held-out row " + index + " (true class " + ModelOutputs.className(context, label) + "): what makes the model decide "
                + ModelOutputs.className(context, f.target()), Stage.VALIDATION, columns, rows,
                "values in the CSV's units; only the features some counterfactual changes are listed, the changed values set apart. "
                        + "Each counterfactual was re-run through the model." + (fixed.isEmpty() ? "" : " Held fixed: " + String.join(", ", fixed) + ".")
                        + (Double.isNaN(f.diversity()) ? "" : " Diversity (mean distance between them): " + num(f.diversity()) + "."), emphasized);
    }

    static String decided(AuditContext context, int k, double probability) {
        return ModelOutputs.className(context, k) + " (" + String.format(Locale.ROOT, "%.3f", probability) + ")";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double mean(double[] v, int[] rows) {
        double s = 0;
        for (int r : rows) s += v[r];
        return rows.length == 0 ? Double.NaN : s / rows.length;
    }

    /** The median of the defined (non-NaN) values among {@code rows}; NaN when none is. */
    static double median(double[] v, int[] rows) {
        double[] x = Arrays.stream(rows).mapToDouble(r -> v[r]).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return x.length == 0 ? Double.NaN : Bootstrap.quantile(x, 0.5);
    }
}
