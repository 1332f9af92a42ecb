package dev.lucent.explain.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

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

    static String jarOf(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toString();
    }

    /** The Export-Package header bnd wrote for a module, as the system bundle's extra exports. */
    static String exports(Path classes) throws Exception {
        try (var in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            String header = new java.util.jar.Manifest(in).getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            assertTrue(header != null, "no exports in " + classes);
            return header;
        }
    }

    @Test
    void everyExplainerIsFoundInTheRegistryAndRunsOnEngineModels() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Path explainers = Path.of("").toAbsolutePath().getParent();
        // the API packages at the versions their bundles export them
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, exports(explainers.resolve("../core-network/target/classes"))
                + "," + exports(explainers.resolve("api/target/classes"))
                + ",org.eclipse.collections.impl.map.mutable.primitive;version=13.0.0");
        Felix felix = new Felix(config);
        felix.start();
        try {
            BundleContext ctx = felix.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String infra : List.of("org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
                    "org.osgi.service.component.ComponentContext", "org.apache.felix.scr.info.ScrInfo"))
                bundles.add(ctx.installBundle(jarOf(infra)));
            for (String module : FAMILY_MODULES) {
                Path classes = explainers.resolve(module).resolve("target/classes");
                assertTrue(Files.exists(classes.resolve("META-INF/MANIFEST.MF")), "no bundle manifest in " + classes);
                bundles.add(ctx.installBundle("reference:" + classes.toUri()));
            }
            for (Bundle b : bundles) b.start();
            for (Bundle b : bundles) assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());

            // family bundles export nothing: only .api packages may be exported, and they have none
            for (Bundle b : bundles.subList(4, bundles.size()))
                assertEquals(null, b.getHeaders().get(Constants.EXPORT_PACKAGE), b.getSymbolicName() + " exports");

            Map<String, Explainer> found = new TreeMap<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (found.size() < 13 && System.nanoTime() < deadline) {
                found.clear();
                for (ServiceReference<Explainer> ref : ctx.getServiceReferences(Explainer.class, null)) {
                    Explainer e = ctx.getService(ref);
                    found.put(e.info().id(), e);
                }
                if (found.size() < 13) Thread.sleep(50);
            }
            assertEquals(new TreeSet<>(List.of("saliency", "gradient-x-input", "smoothgrad", "integrated-gradients",
                    "kernel-shap", "exact-shapley", "permutation-importance", "occlusion", "grad-cam",
                    "sanity-randomization", "deletion-insertion", "infidelity", "max-sensitivity")), found.keySet());

            for (Explainer e : found.values()) {
                for (boolean image : new boolean[]{false, true}) {
                    TestContext c = image ? AllExplainersTest.digits() : AllExplainersTest.breastCancer();
                    AllExplainersTest.QUICK.forEach(c::with);
                    List<Finding> findings = e.explain(c);
                    assertFalse(findings.isEmpty(), e.info().id());
                    for (Finding f : findings) {
                        AllExplainersTest.wellFormed(f, c.schema(), e.info().id());
                        if (f instanceof Verdict v) assertFalse(v.outcome() == Verdict.Outcome.ERROR, e.info().id());
                    }
                }
            }
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }
}
