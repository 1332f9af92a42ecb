package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Constant and near-constant training features (parameter {@code near-constant-share}, default 0.95). For
 * images, constant pixels (an empty border) are expected, so they are listed without a warning. Two passes over the
 * rows (see {@link ConstantFeatures}): bucket counts of every value, then exact counts of the candidate values.
 */
@Component(service = Explainer.class)
public final class ConstantFeaturesExplainer
        implements PlannedPartitionedExplainer<ConstantFeatures.Buckets, ConstantFeatures.Candidates, ConstantFeatures.Counts> {

    static final ExplainerInfo INFO = new ExplainerInfo("constant-features", "Constant and near-constant features", "1.0.0",
            "data checks", "Features that hardly vary in the training data carry little information and can destabilise training.",
            Set.of(),
            List.of(Parameter.number("near-constant-share", "0.95", 0, 1, "share of rows holding one value that makes a feature near-constant"),
                    Parameter.whole("max-near-constant-features", "0", 0, "the most constant or near-constant features that pass (images exempt)")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public ConstantFeatures.Buckets emptyFirstPass(AuditContext context) {
        return new ConstantFeatures.Buckets(null, 0, null);
    }

    @Override
    public ConstantFeatures.Buckets firstPass(AuditContext context, RowBlock block) {
        return ConstantFeatures.Buckets.of(Rows.of(block.rows()));
    }

    @Override
    public ConstantFeatures.Buckets mergeFirstPass(ConstantFeatures.Buckets a, ConstantFeatures.Buckets b) {
        return a.merge(b);
    }

    @Override
    public ConstantFeatures.Candidates plan(AuditContext context, ConstantFeatures.Buckets first) {
        double share = context.doubleParameter("near-constant-share", 0.95);
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("parameter near-constant-share must lie in (0, 1], got " + share);
        if (first.counts == null) // no rows: no feature to decide
            first = new ConstantFeatures.Buckets(first.split, 0, new long[context.schema().featureNames().size()][ConstantFeatures.BUCKETS]);
        return ConstantFeatures.Candidates.of(first, share);
    }

    @Override
    public ConstantFeatures.Counts emptySummary(AuditContext context, ConstantFeatures.Candidates plan) {
        return new ConstantFeatures.Counts(plan.buckets().length);
    }

    @Override
    public ConstantFeatures.Counts summarize(AuditContext context, ConstantFeatures.Candidates plan, RowBlock block) {
        return ConstantFeatures.Counts.of(Rows.of(block.rows()), plan);
    }

    @Override
    public ConstantFeatures.Counts merge(ConstantFeatures.Counts a, ConstantFeatures.Counts b) {
        return a.merge(b);
    }

    /** The training split's rows, both passes in blocks; the model is not run. */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        context.checkCancelled();
        return Blocks.explain(this, context, context.train(), false);
    }

    @Override
    public List<Finding> findings(AuditContext context, ConstantFeatures.Candidates plan, ConstantFeatures.Counts counts) {
        ConstantFeatures c = ConstantFeatures.of(plan, counts);
        List<List<String>> rows = new ArrayList<>();
        for (int j : c.constant()) rows.add(List.of(Checks.feature(context, j), "constant", Checks.pct(c.dominantShare()[j])));
        for (int j : c.nearConstant()) rows.add(List.of(Checks.feature(context, j), "near-constant", Checks.pct(c.dominantShare()[j])));
        // on one machine the training split; on Spark the data set ("data"), named the same on the executors and the driver
        boolean train = plan.split() == null || plan.split().equals("train");
        String of = train ? "training rows" : plan.split() + " rows";
        List<String> evidence = new ArrayList<>(List.of(c.constant().length + " constant and " + c.nearConstant().length + " near-constant of "
                + plan.buckets().length + " features in " + plan.rows() + " " + of));
        int[] undecided = ConstantFeatures.undecided(counts);
        if (undecided.length > 0)
            evidence.add(undecided.length + " features not decided (more than " + ConstantFeatures.COUNTED + " distinct values share the"
                    + " hash bucket of their commonest value), e.g. " + Checks.feature(context, undecided[0]));
        Tolerance.Judged judged = Tolerance.atMostCounted("constant or near-constant features", c.constant().length + c.nearConstant().length,
                "counted on all " + plan.rows() + " " + of, context.intParameter("max-near-constant-features", 0), "max-near-constant-features");
        Verdict v;
        if (judged.within())
            v = Checks.verdict(INFO.name(), judged, Verdict.Outcome.WARN, evidence, "");
        else if (context.schema().isImage()) // the one exception to the tolerance: an image's border pixels are expected to be constant
            v = Checks.verdict(INFO.name(), Verdict.Outcome.PASS, "Some pixels never or hardly change (typical of an image border).",
                    evidence, "");
        else
            v = Checks.verdict(INFO.name(), judged, Verdict.Outcome.WARN, evidence,
                    "Drop constant features; for near-constant ones, check the rare values are real and not data-entry errors.");
        return List.of(new Table("Features that hardly vary", Stage.DATA, List.of("feature", "kind", "share of the most common value"),
                rows, train ? "training split" : plan.split()), v);
    }
}
