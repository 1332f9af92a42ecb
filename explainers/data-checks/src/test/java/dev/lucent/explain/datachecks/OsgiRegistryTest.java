package dev.lucent.explain.datachecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.Digits;
import dev.lucent.explain.testkit.FelixFamilies;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundles of families 4, 5, 6 and 8 as bnd built them (manifests and component descriptions in
 * target/classes) in a real Felix framework with Declarative Services: every explainer is found in the registry
 * under {@link Explainer}, as built-in and plugin explainers are, and each runs on an engine-trained breast
 * cancer MLP and a digits CNN, returns well-formed findings of the standard kinds at the stages its family
 * speaks to, never an ERROR verdict, and the same findings bit for bit on a second run.
 */
class OsgiRegistryTest {

    @TempDir
    Path storage;

    static final List<String> MODULES = List.of("performance", "overfitting", "baselines", "data-checks");

    static final List<String> IDS = List.of("classification-metrics", "roc-pr", "recall-threshold", "calibration", "subgroup-gaps",
            "regression-metrics", "learning-curves", "early-stopping", "generalisation-gap", "membership-inference",
            "shuffled-label-probe", "norm-trends", "overfitting-verdict", "baseline-logistic", "baseline-tree", "baseline-ridge",
            "class-balance", "duplicate-rows", "train-test-leakage", "constant-features", "missing-values", "label-noise");

    @Test
    void everyExplainerIsFoundInTheRegistryAndRunsOnAnEngineModel() throws Exception {
        List<String> ec = new ArrayList<>();
        for (String p : List.of("org.eclipse.collections.api.list.primitive", "org.eclipse.collections.impl.list.mutable.primitive",
                "org.eclipse.collections.api.block.comparator.primitive", "org.eclipse.collections.impl.list.primitive"))
            ec.add(p + ";version=13.0.0");
        try (FelixFamilies felix = FelixFamilies.start(storage, MODULES, ec)) {
            Map<String, Explainer> found = felix.awaitExplainers(IDS.size());
            assertEquals(new TreeSet<>(IDS), found.keySet());

            BreastCancer.Data d = BreastCancer.load(1);
            Model model = BreastCancer.mlp(11);
            TrainingHistory history = BreastCancer.train(model, d.train(), 20, 3);
            List<DataSplit> digits = Digits.imageSplits(2, 1200, 400);
            Model cnn = Digits.cnn(5);
            TrainingHistory cnnHistory = Digits.train(cnn, digits.get(0), 8, 4);
            int notApplicable = 0;
            for (Explainer e : found.values()) for (boolean image : new boolean[] {false, true}) {
                String first = null;
                for (int run = 0; run < 2; run++) {
                    TestContext c = image
                            ? Fixtures.context(cnn, Digits.schema(), digits.get(0), digits.get(1)).with("feature", "pixel 4,4")
                            : Fixtures.context(model, d.schema(), d.train(), d.test()).with("feature", "mean radius");
                    c.with("bootstrap-resamples", "100").with("epochs", "3").with("max-rows", "300");
                    c.history(image ? cnnHistory : history);
                    c.retrainer((tr, val, epochs, seed) -> {
                        Model m = image ? Digits.cnn(seed) : BreastCancer.mlp(seed);
                        return new AuditContext.Retrained(m, image ? Digits.train(m, tr, epochs, seed) : BreastCancer.train(m, tr, epochs, seed));
                    });
                    List<Finding> findings = e.explain(c);
                    assertFalse(findings.isEmpty(), e.info().id());
                    for (Finding f : findings) {
                        assertFalse(f.title() == null || f.title().isBlank(), e.info().id());
                        assertTrue(expectedStages(e.info().family()).contains(f.stage()), e.info().id() + ": " + f.stage());
                        if (f instanceof Verdict v) {
                            assertNotEquals(Verdict.Outcome.ERROR, v.outcome(), e.info().id());
                            if (v.outcome() == Verdict.Outcome.NOT_APPLICABLE && run == 0) notApplicable++;
                        }
                    }
                    String rendered = Fixtures.render(findings);
                    if (first == null) first = rendered;
                    else assertEquals(first, rendered, e.info().id() + " is not deterministic");
                }
            }
            // On these classifiers only the regression metrics and the ridge baseline refuse.
            assertEquals(4, notApplicable);
            // The CNN learnt the digits: a sanity check that the registry ran real models, not fixtures.
            assertTrue(cnnHistory.epochs().get(cnnHistory.epochs().size() - 1).validationAccuracy() > 0.8);
        }
    }

    static List<Stage> expectedStages(String family) {
        return switch (family) {
            case "data checks" -> List.of(Stage.DATA);
            case "overfitting" -> List.of(Stage.TRAINING);
            case "model performance" -> List.of(Stage.VALIDATION, Stage.DEPLOYMENT_READINESS);
            case "baselines" -> List.of(Stage.VALIDATION);
            default -> throw new AssertionError("unexpected family " + family);
        };
    }
}
