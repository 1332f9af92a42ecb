package dev.lucent.explain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DatasetSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The runner refuses a parameter an explainer does not declare, so every name the fairness explainers read must be
 * declared. The oracle is what they actually read while running (every lookup recorded through a wrapped context),
 * not the declarations themselves. Before the declarations (issue 15.1 met the fairness family after both merged)
 * each read name was undeclared and {@code --param group-fairness.max-recall-gap=0.05} was refused.
 */
class DeclaredParametersTest {

    /** The names {@code explainer} reads from its parameters when run on {@code c}. */
    static Set<String> read(Explainer explainer, TestContext c) throws Exception {
        Set<String> names = new TreeSet<>();
        Map<String, String> given = c.parameters();
        Map<String, String> recording = new HashMap<>(given) {
            @Override
            public String get(Object key) {
                names.add((String) key);
                return super.get(key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                names.add((String) key);
                return super.getOrDefault(key, fallback);
            }

            @Override
            public boolean containsKey(Object key) {
                names.add((String) key);
                return super.containsKey(key);
            }
        };
        AuditContext wrapped = (AuditContext) Proxy.newProxyInstance(AuditContext.class.getClassLoader(), new Class<?>[] {AuditContext.class},
                (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "parameters" -> {
                            return recording;
                        }
                        case "parameter", "intParameter", "doubleParameter" -> names.add((String) args[0]);
                        default -> { }
                    }
                    try {
                        return m.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        explainer.explain(wrapped);
        return names;
    }

    static Set<String> declared(Explainer e) {
        return new TreeSet<>(e.info().parameters().stream().map(Parameter::name).toList());
    }

    /** A regression twin of the planted-bias population: target = 2 marker + noise, judged by group-error-gaps. */
    static TestContext regression() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 400;
        float[][] rows = new float[n][];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[] {(float) rng.nextGaussian(), i % 2 == 0 ? 1 : 2};
            t[i] = (float) (2 * rows[i][0] + 0.3 * rng.nextGaussian());
        }
        var split = Fixtures.split("test", rows, null, t);
        DatasetSchema schema = new DatasetSchema(List.of("marker", "group"), "y", List.of(), new int[] {2});
        LinearModel model = new LinearModel(new float[][] {{2f, 0f}}, new float[] {0f}, OutputKind.REGRESSION, 2);
        return Fixtures.context(model, schema, split, split).with("sensitive", "group").with("bootstrap-resamples", "100");
    }

    @Test
    void everyNameTheFairnessExplainersReadIsDeclared() throws Exception {
        TestContext classifier = PlantedBiasTest.context(-1.5f, 600).with("bootstrap-resamples", "100");
        for (Explainer e : List.of(new GroupFairnessExplainer(), new GroupRecallThresholdsExplainer())) {
            Set<String> read = read(e, classifier);
            assertTrue(read.containsAll(Set.of("sensitive", "min-group-rows", "min-class-rows", "positive-class", "bootstrap-resamples")),
                    "the run really read its parameters: " + read);
            assertTrue(declared(e).containsAll(read), e.info().id() + " reads " + read + " but declares " + declared(e));
        }
        GroupErrorGapsExplainer gaps = new GroupErrorGapsExplainer();
        Set<String> read = read(gaps, regression());
        assertTrue(read.contains("max-relative-gap"), "judged, not refused as not applicable: " + read);
        assertTrue(declared(gaps).containsAll(read), "group-error-gaps reads " + read + " but declares " + declared(gaps));
    }

    /** The declared defaults are the ones in effect: the tolerances and minimums the code falls back to. */
    @Test
    void theDeclaredDefaultsAreTheCodesFallbacks() {
        Map<String, String> expected = Map.of("min-selection-ratio", "0.8", "max-recall-gap", "0.1", "max-odds-gap", "0.1",
                "max-precision-gap", "0.1", "max-ece-gap", "0.05", "min-group-rows", "30", "min-class-rows", "10");
        for (Parameter p : GroupFairnessExplainer.INFO.parameters())
            if (expected.containsKey(p.name())) assertEquals(expected.get(p.name()), p.defaultValue(), p.name());
        assertEquals("0.2", GroupErrorGapsExplainer.INFO.parameter("max-relative-gap").orElseThrow().defaultValue());
        // demographic parity difference is reported, not judged: a tolerance for it would change nothing
        assertTrue(GroupFairnessExplainer.INFO.parameter("max-selection-gap").isEmpty());
    }

    /** A user's tolerance is the one judged against: 0.2 lets the unbiased twin's recall gap (interval to ~0.12) pass. */
    @Test
    void aUsersToleranceDecidesTheVerdictAndIsNamedInIt() throws Exception {
        Verdict v = PlantedBiasTest.verdict(new GroupFairnessExplainer().explain(PlantedBiasTest.context(0f).with("max-recall-gap", "0.2")),
                "Equal opportunity");
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.summary());
        assertTrue(v.summary().contains("is within the tolerance 0.2 set by `max-recall-gap`"), v.summary());
    }
}
