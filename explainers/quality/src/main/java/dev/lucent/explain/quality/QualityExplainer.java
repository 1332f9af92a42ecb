package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A check of attribution methods: it runs over every method the {@link AttributionProvider} services offer, cheapest
 * first, or over those parameter {@code method} names, so this bundle carries none of their code. Each method gets
 * its own findings and verdict; one table compares them and names the methods not checked, with the reason.
 */
abstract class QualityExplainer implements Explainer {
    /** The declaration of {@code method}, which {@link #methodNames} reads: every check declares it in the same words. */
    static final Parameter METHOD = Parameter.text("method", "all", "the attribution methods checked: all installed, or names"
            + " separated by commas (gradient, gradient-x-input, smoothgrad, integrated-gradients, kernel-shap, exact-shapley,"
            + " feature-ablation)");

    /** The order "all" runs in: cheap gradients first, so a tight time budget still checks them; other names after. */
    private static final List<String> COST_ORDER = List.of("gradient", "gradient-x-input", "smoothgrad", "integrated-gradients",
            "feature-ablation", "kernel-shap", "exact-shapley");
    /** Second names of a method already in "all" under its first name ({@code saliency} is gradient). */
    private static final Set<String> ALIASES = Set.of("saliency");
    private final ExplainerInfo info;
    private final List<AttributionProvider> methods;

    /** @param methods the attribution methods installed */
    QualityExplainer(ExplainerInfo info, List<AttributionProvider> methods) {
        this.info = info;
        this.methods = List.copyOf(methods);
    }

    @Override
    public final ExplainerInfo info() {
        return info;
    }

    /** The methods this run checks, in the order it checks them; an unknown name is refused naming the known ones. */
    List<String> methodNames(AuditContext context) {
        String asked = context.parameter("method", "all").trim().toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (AttributionProvider p : methods) known.addAll(p.names());
        if (asked.isEmpty() || asked.equals("all")) {
            List<String> all = new ArrayList<>();
            for (String name : COST_ORDER) if (known.contains(name)) all.add(name);
            for (String name : known) if (!all.contains(name) && !ALIASES.contains(name)) all.add(name);
            return all;
        }
        LinkedHashSet<String> named = new LinkedHashSet<>();
        for (String name : asked.split(",")) {
            name = name.trim();
            if (name.isEmpty()) continue;
            if (!known.contains(name))
                throw new IllegalArgumentException("unknown attribution method '" + name + "'; use all or " + String.join(", ", known));
            named.add(name);
        }
        if (named.isEmpty()) throw new IllegalArgumentException("parameter method names no attribution method; use all or "
                + String.join(", ", known));
        return List.copyOf(named);
    }

    /**
     * The named method with this run's batch size and a seed of its own. It reports no progress of its own (the
     * check does) but still checks for cancellation, and it must give one value per input value.
     */
    Attribution method(AuditContext context, Explained e, String name) {
        for (AttributionProvider p : methods) {
            if (p.names().contains(name)) {
                Attribution method = p.create(name, context, e.batchRows(), Seeds.derive(context.seed(), info.id() + "/method"));
                Monitor cancelOnly = (fraction, message) -> context.checkCancelled();
                return (model, inputs, baselines, targets, ignored) -> {
                    Attributions a = method.attribute(model, inputs, baselines, targets, cancelOnly);
                    int perRow = a.values().length / inputs.shape()[0], m = inputs.size() / inputs.shape()[0];
                    if (perRow != m)
                        throw new IllegalArgumentException("method " + name + " gives " + perRow
                                + " values per row; the quality checks need one per input value (" + m + ")");
                    return a;
                };
            }
        }
        throw new IllegalArgumentException("unknown attribution method '" + name + "'");
    }

    /** One method's part of a check, on the rows its share of the audit budget leaves it. */
    interface PerMethod<T> {
        T check(String name, Attribution method, Explained rows, Monitor monitor) throws AuditCancelledException;
    }

    /**
     * What one method gave on how many rows, or why it was not checked ({@code result} null).
     *
     * @param rows the rows it was checked on: fewer than asked when the check's share of the audit budget did not hold all
     */
    record Checked<T>(String method, T result, int rows, String notChecked) {
    }

    /**
     * Runs {@code check} over each method of {@link #methodNames}, scaled to this run's share of the audit budget
     * ({@link TimeShare}): the share, as operations, is spread over the methods not yet run; each method's cost per row
     * is counted by the engine on one row (not timed: an audit and its replay check the same rows on any load), and it
     * is checked on as many rows (of those asked, at least 2) as its part pays for. The counting row is charged to the
     * share too, and once the share is spent no later method is counted (uncharged, a default row of each method took the
     * checks of a 224 px ResNet-18 to 5-8 times their share). A method that cannot run here (too many features for exact
     * Shapley, not one value per input), or whose 2 rows the share left no longer holds, is not checked, and the reason
     * is kept for the comparison table.
     *
     * @param passesPerRow how many times the check attributes each row (1, or the perturbations plus one)
     */
    <T> List<Checked<T>> forEachMethod(AuditContext context, Explained e, double passesPerRow, PerMethod<T> check)
            throws AuditCancelledException {
        return forEachMethod(context, e, passesPerRow, 0, 0, check);
    }

    /**
     * The same for a check whose every row also costs {@code checkFlopsPerRow} of its own (model passes that are not
     * attributions, e.g. deletion curves) and which already spent {@code spentFlops} of its share.
     */
    <T> List<Checked<T>> forEachMethod(AuditContext context, Explained e, double passesPerRow, double checkFlopsPerRow, double spentFlops,
                                       PerMethod<T> check) throws AuditCancelledException {
        List<String> names = methodNames(context);
        double left = TimeShare.flops(context, TimeShare.Rate.ATTRIBUTION) - spentFlops;
        Monitor monitor = Monitor.of(context);
        List<Checked<T>> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            Monitor part = monitor.range((double) k / names.size(), (k + 1.0) / names.size());
            part.progress(0, "checking " + name);
            if (k > 0 && left <= 0) { // its one-row count would itself be unplanned work: a default smoothgrad row is 50 gradients
                out.add(new Checked<>(name, null, 0, String.format(Locale.ROOT, "not started: the methods before it spent the check's"
                        + " share (%s)", TimeShare.described(context, TimeShare.Rate.ATTRIBUTION))));
                continue;
            }
            try {
                Attribution method = method(context, e, name);
                Explained one = e.first(1);
                double probe = Math.max(1, TimeShare.counted(() -> method.attribute(context.model(), one.inputs(), null, one.targets(),
                        Monitor.NONE)).flops());
                left -= probe; // the count is a row's attribution: spent, like the rows after it
                double perRow = probe * passesPerRow + checkFlopsPerRow;
                if (k > 0 && 2 * perRow > left) { // the first method always runs: a check that checks none says nothing
                    out.add(new Checked<>(name, null, 0, String.format(Locale.ROOT, "not started: 2 rows are %.3g GFLOP, more than the"
                            + " %.3g left of the check's share (%s)", 2 * perRow / 1e9, Math.max(0, left) / 1e9, TimeShare.described(context, TimeShare.Rate.ATTRIBUTION))));
                    continue;
                }
                int rows = (int) Math.max(2, Math.min(e.rows(), Math.floor(left / (names.size() - k) / perRow)));
                left -= Math.min(rows, e.rows()) * perRow;
                out.add(new Checked<>(name, check.check(name, method, e.first(rows), part), Math.min(rows, e.rows()), null));
            } catch (IllegalArgumentException | UnsupportedOperationException cannot) {
                out.add(new Checked<>(name, null, 0, "cannot run here: " + cannot.getMessage()));
            }
        }
        return out;
    }

    /** A method's estimate of the checked quantity, its 95% interval, and the verdict the tolerance rule gave. */
    record Judgement(double estimate, double lower, double upper, Verdict verdict) {
    }

    /** The table comparing the methods on one quantity, the methods not checked included with their reason. */
    static Table comparison(String title, String quantity, List<Checked<Judgement>> checked, int asked, String note) {
        List<List<String>> rows = new ArrayList<>();
        for (Checked<Judgement> c : checked) {
            Judgement j = c.result();
            rows.add(j == null ? List.of(c.method(), "-", "-", "-", "NOT CHECKED", c.notChecked())
                    : List.of(c.method(), Integer.toString(c.rows()), String.format(Locale.ROOT, "%.4f", j.estimate()),
                    Double.isNaN(j.lower()) ? "unknown" : String.format(Locale.ROOT, "%.4f to %.4f", j.lower(), j.upper()),
                    j.verdict().outcome().toString(), c.rows() < asked ? "rows cut to fit its share of the audit budget" : ""));
        }
        List<String> fail = new ArrayList<>(), warn = new ArrayList<>(), not = new ArrayList<>();
        for (Checked<Judgement> c : checked)
            if (c.result() == null) not.add(c.method());
            else if (c.result().verdict().outcome() == Verdict.Outcome.FAIL) fail.add(c.method());
            else if (c.result().verdict().outcome() == Verdict.Outcome.WARN) warn.add(c.method());
        return new Table(title, Stage.EXPLANATIONS, List.of("method", "rows", quantity, "95% interval", "verdict", "note"), rows,
                note + "; " + (fail.isEmpty() ? "no method failed" : "failed: " + String.join(", ", fail))
                        + (warn.isEmpty() ? "" : "; warned: " + String.join(", ", warn))
                        + (not.isEmpty() ? "" : "; not checked: " + String.join(", ", not)));
    }

    /**
     * The installed methods other than the one checked, for a remedy that sends the user to a method the run did not
     * check: "gradient-x-input, integrated-gradients or kernel-shap".
     */
    String otherMethods(String checked) {
        TreeSet<String> others = new TreeSet<>();
        for (AttributionProvider p : methods) others.addAll(p.names());
        others.remove(checked.toLowerCase(Locale.ROOT));
        others.removeAll(ALIASES);
        if (others.isEmpty()) return "another attribution method (none other is installed)";
        List<String> list = List.copyOf(others);
        return list.size() == 1 ? list.get(0) : String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    /** A verdict's outcome and summary from the one tolerance rule. */
    static Verdict verdict(String title, Tolerance.Judged judged, Verdict.Outcome beyond, List<String> evidence, String remedy) {
        Verdict.Outcome o = judged.outcome(beyond);
        return new Verdict(title, Stage.EXPLANATIONS, o, judged.summary(o), evidence, o == Verdict.Outcome.PASS ? "None needed." : remedy);
    }
}
