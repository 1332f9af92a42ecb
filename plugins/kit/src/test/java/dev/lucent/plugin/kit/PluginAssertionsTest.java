package dev.lucent.plugin.kit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.OutputKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kit's assertions catch what they promise to catch. */
class PluginAssertionsTest {

    final LinearModel model = new LinearModel("l", new double[] {1, 2}, 0, OutputKind.REGRESSION);
    final Fixtures.Data data = Fixtures.tabular(model, 9, new double[] {1, 1}, 1);

    static Explainer of(Explain body) {
        return new Explainer() {
            @Override
            public ExplainerInfo info() {
                return new ExplainerInfo("t", "t", "1", "t", "t", Set.of());
            }

            @Override
            public List<Finding> explain(AuditContext context) throws dev.lucent.explain.api.AuditCancelledException {
                return body.run(context);
            }
        };
    }

    interface Explain {
        List<Finding> run(AuditContext c) throws dev.lucent.explain.api.AuditCancelledException;
    }

    static FeatureAttribution attribution(double v) {
        return new FeatureAttribution("a", Stage.EXPLANATIONS, "s", List.of("f0"), new double[] {v}, null, "");
    }

    @Test
    void nondeterminismIsCaught() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Explainer drifting = of(c -> List.of(attribution(1 + Math.ulp(1.0) * calls.incrementAndGet())));
        AssertionError e = assertThrows(AssertionError.class,
                () -> PluginAssertions.assertDeterministic(drifting, () -> KitContext.of(model, data).build()));
        assertTrue(e.getMessage().contains("findings[0].values[0]"), e.getMessage());
        PluginAssertions.assertDeterministic(of(c -> List.of(attribution(c.seed()))), () -> KitContext.of(model, data).seed(3).build());
    }

    @Test
    void malformedFindingsAreCaught() throws Exception {
        assertThrows(AssertionError.class, () -> PluginAssertions.assertStandardFindings(List.of()));
        assertThrows(AssertionError.class, () -> PluginAssertions.assertStandardFindings(List.of(attribution(Double.NaN))));
        assertThrows(AssertionError.class, () -> PluginAssertions.assertStandardFindings(List.of(
                new Verdict("v", Stage.EXPLANATIONS, Verdict.Outcome.ERROR, "broke", List.of(), ""))));
        PluginAssertions.assertStandardFindings(List.of(attribution(0.5)));
    }

    @Test
    void anExplainerThatIgnoresCancellationIsCaught() throws Exception {
        Explainer stubborn = of(c -> {
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) Thread.onSpinWait();
            return List.of();
        });
        assertThrows(AssertionError.class, () -> PluginAssertions.assertCancellable(stubborn, KitContext.of(model, data).build(),
                Duration.ofMillis(100)));
        Explainer polite = of(c -> {
            while (true) c.checkCancelled();
        });
        PluginAssertions.assertCancellable(polite, KitContext.of(model, data).build(), Duration.ofMillis(100));
    }

    @Test
    void overrunningTheBudgetIsCaught() {
        Explainer slowButIgnoring = of(c -> {
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) Thread.onSpinWait();
            return List.of(attribution(1));
        });
        assertThrows(AssertionError.class, () -> PluginAssertions.assertWithinBudget(slowButIgnoring,
                KitContext.of(model, data).timeBudget(Duration.ofMillis(50)).build()));
    }
}
