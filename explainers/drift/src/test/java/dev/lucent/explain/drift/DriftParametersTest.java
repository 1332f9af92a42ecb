package dev.lucent.explain.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditRequest;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.TestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.1 for the drift family: every parameter the four explainers read is declared, so the runner's own check
 * ({@link AuditRequest#checkParameters}, the code the CLI and the console call) takes a user's
 * {@code --param feature-drift.alpha=0.01} and refuses a misspelt name naming the explainer.
 */
class DriftParametersTest {

    static final List<ExplainerInfo> DRIFT = List.of(FeatureDriftExplainer.INFO, DomainClassifierExplainer.INFO,
            PredictionDriftExplainer.INFO, ActivationDriftExplainer.INFO);

    static Map<String, ExplainerInfo> installed() {
        Map<String, ExplainerInfo> m = new java.util.TreeMap<>();
        for (ExplainerInfo i : DRIFT) m.put(i.id(), i);
        return m;
    }

    /** A request as the CLI builds it from {@code --param} options (the same parser, the same order). */
    static AuditRequest request(String... params) {
        return new AuditRequest(Path.of("model"), Path.of("data.csv"), "y", null, List.of(), 42, AuditRequest.parameters(List.of(params)),
                AuditRequest.DEFAULT_TIME_LIMIT, AuditRequest.DEFAULT_MEMORY_MB);
    }

    @Test
    void aDriftParameterIsAcceptedAndAMisspeltOneRefusedNamingTheExplainer() {
        // the task's own example, refused before this change; and one parameter of each other explainer
        request("feature-drift.alpha=0.01", "feature-drift.max-categories=5", "domain-classifier.max-auc=0.6",
                "domain-classifier.bootstrap-resamples=200", "prediction-drift.max-accuracy-loss=0.02", "prediction-drift.confidence=0.9",
                "activation-drift.layer=conv2", "activation-drift.permutations=99").checkParameters(installed());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> request("feature-drift.aplha=0.01").checkParameters(installed()));
        assertTrue(e.getMessage().startsWith("the explainer 'feature-drift' has no parameter 'aplha'; its parameters: alpha (number"),
                e.getMessage());

        // a declared name out of its range is refused too, naming explainer and parameter (the code refuses alpha >= 0.5)
        e = assertThrows(IllegalArgumentException.class, () -> request("prediction-drift.alpha=0.5").checkParameters(installed()));
        assertTrue(e.getMessage().startsWith("parameter prediction-drift.alpha must be a number from 0.000001 to 0.49, got '0.5'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> request("activation-drift.permutations=10").checkParameters(installed()));
        assertTrue(e.getMessage().startsWith("parameter activation-drift.permutations must be a whole number from 19 to 100000"), e.getMessage());
    }

    /**
     * The oracle is the source itself: every name passed to {@code intParameter}, {@code doubleParameter} or
     * {@code parameter} in the drift explainers (and in support's Batching, which prediction- and activation-drift call)
     * must be declared by an explainer of the family, so a parameter added to the code without a declaration fails here.
     */
    @Test
    void everyParameterTheCodeReadsIsDeclared() throws Exception {
        Path src = Path.of("src/main/java/dev/lucent/explain/drift");
        Pattern read = Pattern.compile("(?:int|double)?[pP]arameter\\(\"([a-z-]+)\"");
        Set<String> declared = new TreeSet<>();
        for (ExplainerInfo i : DRIFT) for (Parameter p : i.parameters()) declared.add(p.name());
        Set<String> readNames = new TreeSet<>();
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Matcher m = read.matcher(Files.readString(f));
                while (m.find()) readNames.add(m.group(1));
            }
        }
        assertTrue(readNames.containsAll(Set.of("alpha", "max-categories", "max-rows", "epochs", "rows", "permutations", "layer",
                "bootstrap-resamples", "confidence", "max-auc", "max-accuracy-loss", "max-relative-error-increase")), readNames.toString());
        Set<String> undeclared = new TreeSet<>(readNames);
        undeclared.removeAll(declared);
        assertEquals(Set.of(), undeclared, "read but not declared");
        // Batching.rows reads batch-size for the two explainers that run the model on batches
        assertTrue(PredictionDriftExplainer.INFO.parameter("batch-size").isPresent());
        assertTrue(ActivationDriftExplainer.INFO.parameter("batch-size").isPresent());
    }

    /**
     * Declared defaults are what the code falls back to: an explainer run with each declared default given explicitly
     * reports the same findings as one run with none given (the parameters' own checks accept every default).
     */
    @Test
    void declaredDefaultsAreWhatTheCodeUses() throws Exception {
        for (ExplainerInfo i : DRIFT)
            for (Parameter p : i.parameters())
                if (p.type() != Parameter.Type.TEXT && !p.defaultValue().contains(" "))
                    assertEquals(java.util.Optional.empty(), p.problem(p.defaultValue()), i.id() + "." + p.name());
        DriftOraclesTest.Halves h = DriftOraclesTest.Halves.of(dev.lucent.explain.testkit.BreastCancer.raw(), 5);
        TestContext plain = DriftOraclesTest.context(EngineModels.breastCancerMlp(), h);
        TestContext explicit = DriftOraclesTest.context(EngineModels.breastCancerMlp(), h);
        for (Parameter p : PredictionDriftExplainer.INFO.parameters())
            if (!p.name().equals("batch-size")) explicit.with(p.name(), p.defaultValue()); // batch-size: worked out from memory
        assertEquals(new PredictionDriftExplainer().explain(plain).toString(), new PredictionDriftExplainer().explain(explicit).toString());
        TestContext fPlain = DriftOraclesTest.context(EngineModels.breastCancerMlp(), h);
        TestContext fExplicit = DriftOraclesTest.context(EngineModels.breastCancerMlp(), h);
        for (Parameter p : FeatureDriftExplainer.INFO.parameters()) fExplicit.with(p.name(), p.defaultValue());
        assertEquals(new FeatureDriftExplainer().explain(fPlain).toString(), new FeatureDriftExplainer().explain(fExplicit).toString());
    }
}
