package dev.lucent.plugin.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.plugin.kit.Fixtures;
import dev.lucent.plugin.kit.KitContext;
import dev.lucent.plugin.kit.LinearModel;
import dev.lucent.plugin.kit.LucentKit;
import dev.lucent.plugin.kit.PluginAssertions;
import dev.lucent.plugin.kit.PluginUnderTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The LIME example jar (importing the face as [1.0,2), using only what 1.0 has; built with the current 1.1), on a
 * host whose face is a later minor, 1.3
 * (ApiBaselineTest wrote it: the built core-network with {@code AuditableModel.provenance()} added and
 * {@code dev.lucent.network.api} exported at 1.3.0). Run by the pom's {@code later-minor} execution, where that jar
 * replaces core-network on the class path, so the kit's framework offers only 1.3.
 */
@ExtendWith(LucentKit.class)
@EnabledIfSystemProperty(named = "lucent.face.run", matches = "later-minor")
class LimeOnLaterMinorTest {

    static final double[] WEIGHTS = {3.0, -2.0, 1.0, 0.5, -0.25, 0.0};

    @Test
    void theLimePluginBuiltAgainstTheFaceRunsUnchangedOnALaterMinor(PluginUnderTest plugin) throws Exception {
        assertTrue(Arrays.stream(AuditableModel.class.getMethods()).anyMatch(m -> m.getName().equals("provenance")),
                "the class path's face is not the later minor one (run the module's tests with mvn verify)");
        String offered = null;
        for (BundleWire w : plugin.bundle().adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package"))
            if (Faces.FACE_PACKAGE.equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                offered = String.valueOf(w.getCapability().getAttributes().get("version"));
        assertEquals("1.3.0", offered, "the LIME bundle must be wired to the 1.3 face");
        String imports = plugin.bundle().getHeaders().get("Import-Package");
        assertTrue(imports.contains("dev.lucent.network.api;version=\"[1.0,2)\""), imports);

        // the same mathematics as the example's own test: on a linear model LIME's slopes are the weights
        Explainer lime = plugin.explainer("lime");
        LinearModel model = new LinearModel("linear", WEIGHTS, 0.7, OutputKind.REGRESSION);
        Fixtures.Data data = Fixtures.tabular(model, 90, new double[] {1.0, 2.0, 0.5, 1.0, 3.0, 1.0}, 11);
        List<Finding> findings = lime.explain(KitContext.of(model, data).seed(5).parameter("rows", "2").build());
        PluginAssertions.assertStandardFindings(findings);
        List<FeatureAttribution> rows = findings.stream().filter(FeatureAttribution.class::isInstance)
                .map(FeatureAttribution.class::cast).filter(a -> a.subject().startsWith("row ")).toList();
        assertEquals(2, rows.size());
        for (FeatureAttribution a : rows)
            for (int j = 0; j < WEIGHTS.length; j++)
                assertEquals(WEIGHTS[j], a.values()[j], 0.02 * Math.abs(WEIGHTS[j]) + 0.005, "slope of f" + j + " in " + a.subject());
        assertEquals(Verdict.Outcome.PASS, ((Verdict) findings.get(findings.size() - 1)).outcome());
    }
}
