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
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Constant and near-constant training features (parameter {@code near-constant-share}, default 0.95). For
 * images, constant pixels (an empty border) are expected, so they are listed without a warning.
 */
@Component(service = Explainer.class)
public final class ConstantFeaturesExplainer implements Explainer {

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
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        double share = context.doubleParameter("near-constant-share", 0.95);
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("parameter near-constant-share must lie in (0, 1], got " + share);
        context.checkCancelled();
        Rows train = Rows.of(context.train());
        ConstantFeatures c = ConstantFeatures.of(train, share, (done, total) -> {
            context.checkCancelled();
            context.progress(0.95 * done / total, "feature " + done + " of " + total);
        });
        List<List<String>> rows = new ArrayList<>();
        for (int j : c.constant()) rows.add(List.of(Checks.feature(context, j), "constant", Checks.pct(c.dominantShare()[j])));
        for (int j : c.nearConstant()) rows.add(List.of(Checks.feature(context, j), "near-constant", Checks.pct(c.dominantShare()[j])));
        List<String> evidence = List.of(c.constant().length + " constant and " + c.nearConstant().length + " near-constant of "
                + train.width() + " features in " + train.rows() + " training rows");
        Tolerance.Judged judged = Tolerance.atMostCounted("constant or near-constant features", c.constant().length + c.nearConstant().length,
                "counted on all " + train.rows() + " training rows", context.intParameter("max-near-constant-features", 0), "max-near-constant-features");
        Verdict v;
        if (judged.within())
            v = Checks.verdict(INFO.name(), judged, Verdict.Outcome.WARN, evidence, "");
        else if (context.schema().isImage()) // the one exception to the tolerance: an image's border pixels are expected to be constant
            v = Checks.verdict(INFO.name(), Verdict.Outcome.PASS, "Some pixels never or hardly change (typical of an image border).",
                    evidence, "");
        else
            v = Checks.verdict(INFO.name(), judged, Verdict.Outcome.WARN, evidence,
                    "Drop constant features; for near-constant ones, check the rare values are real and not data-entry errors.");
        context.progress(1.0, "done");
        return List.of(new Table("Features that hardly vary", Stage.DATA, List.of("feature", "kind", "share of the most common value"),
                rows, "training split"), v);
    }
}
