package dev.lucent.explain.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.testkit.FelixFamilies;
import dev.lucent.explain.testkit.TestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The families' bundles as built (manifests and component descriptions bnd wrote into target/classes) in a
 * real Felix framework with Declarative Services: every explainer is found in the service registry under
 * {@link Explainer}, the way built-in and plugin explainers are found, and each one runs on the
 * engine-trained breast-cancer MLP and digits CNN. The API packages come from this JVM's class path
 * through the system bundle, so the test can call the services directly.
 */
class OsgiRegistryTest {

    @TempDir
    Path storage;

    static final List<String> FAMILY_MODULES = List.of("saliency", "integrated-gradients", "attribution", "quality");

    @Test
    void everyExplainerIsFoundInTheRegistryAndRunsOnEngineModels() throws Exception {
        // besides the API packages, the Eclipse Collections package the bundles import comes from the class path
        try (FelixFamilies felix = FelixFamilies.start(storage, FAMILY_MODULES,
                List.of("org.eclipse.collections.impl.map.mutable.primitive;version=13.0.0"))) {
            Map<String, Explainer> found = felix.awaitExplainers(13);
            assertEquals(new TreeSet<>(List.of("saliency", "gradient-x-input", "smoothgrad", "integrated-gradients",
                    "kernel-shap", "exact-shapley", "permutation-importance", "occlusion", "grad-cam",
                    "sanity-randomization", "deletion-insertion", "infidelity", "max-sensitivity")), found.keySet());

            for (Explainer e : found.values()) {
                for (boolean image : new boolean[]{false, true}) {
                    TestContext c = image ? AllExplainersTest.digits() : AllExplainersTest.breastCancer();
                    AllExplainersTest.QUICK.forEach(c::with);
                    c.timeBudget(java.time.Duration.ofSeconds(30)); // the quality checks run every method within a tenth of it
                    List<Finding> findings = e.explain(c);
                    assertFalse(findings.isEmpty(), e.info().id());
                    for (Finding f : findings) {
                        AllExplainersTest.wellFormed(f, c.schema(), e.info().id());
                        if (f instanceof Verdict v) assertFalse(v.outcome() == Verdict.Outcome.ERROR, e.info().id());
                    }
                }
            }
            // the quality checks run methods of other bundles by name, found as AttributionProvider services
            for (String method : List.of("integrated-gradients", "smoothgrad", "kernel-shap", "feature-ablation")) {
                TestContext c = AllExplainersTest.breastCancer();
                AllExplainersTest.QUICK.forEach(c::with);
                Finding f = found.get("infidelity").explain(c.with("method", method)).get(0);
                assertTrue(f instanceof Metric m && Double.isFinite(m.value()) && m.title().contains(method), f.toString());
            }
        }
    }
}
