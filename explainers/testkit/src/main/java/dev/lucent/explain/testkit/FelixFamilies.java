package dev.lucent.explain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Explainer family bundles as bnd built them (manifests and component descriptions in each module's
 * target/classes) in a real Felix framework with Declarative Services, the way built-in and plugin explainers
 * are found. The core-network and explainers API packages come from this JVM's class path through the system
 * bundle, at the versions their bundles export them, so a test can call the services directly. Run from a module
 * directory under explainers/ (surefire's working directory); the caller needs Felix SCR, the DS API and the
 * OSGi function and promise bundles on its test class path.
 */
public final class FelixFamilies implements AutoCloseable {
    private static final List<String> INFRASTRUCTURE = List.of("org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext", "org.apache.felix.scr.info.ScrInfo");

    private final Felix felix;
    private final List<Bundle> families;

    private FelixFamilies(Felix felix, List<Bundle> families) {
        this.felix = felix;
        this.families = families;
    }

    /**
     * Starts the framework in {@code storage}, installs and starts DS and the bundles of {@code modules}
     * (explainers/&lt;module&gt;), and checks that every bundle is active and no family bundle exports a package.
     *
     * @param extraSystemPackages further packages the system bundle exports, e.g. Eclipse Collections ones
     *                            ("name;version=x")
     */
    public static FelixFamilies start(Path storage, List<String> modules, List<String> extraSystemPackages) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Path explainers = Path.of("").toAbsolutePath().getParent();
        StringBuilder system = new StringBuilder(exports(explainers.resolve("../core-network/target/classes")))
                .append(',').append(exports(explainers.resolve("api/target/classes")));
        for (String p : extraSystemPackages) system.append(',').append(p);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, system.toString());
        Felix felix = new Felix(config);
        felix.start();
        try {
            BundleContext ctx = felix.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String infra : INFRASTRUCTURE) bundles.add(ctx.installBundle(jarOf(infra)));
            for (String module : modules) {
                Path classes = explainers.resolve(module).resolve("target/classes");
                assertTrue(Files.exists(classes.resolve("META-INF/MANIFEST.MF")), "no bundle manifest in " + classes);
                bundles.add(ctx.installBundle("reference:" + classes.toUri()));
            }
            for (Bundle b : bundles) b.start();
            for (Bundle b : bundles) assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
            List<Bundle> families = List.copyOf(bundles.subList(INFRASTRUCTURE.size(), bundles.size()));
            // family bundles export nothing: only .api packages may be exported, and they have none
            for (Bundle b : families)
                assertEquals(null, b.getHeaders().get(Constants.EXPORT_PACKAGE), b.getSymbolicName() + " exports a package");
            return new FelixFamilies(felix, families);
        } catch (Throwable t) {
            stop(felix);
            throw t;
        }
    }

    public List<Bundle> familyBundles() {
        return families;
    }

    /**
     * The registered explainers by id, polled until at least {@code expected} are there (DS activates them
     * asynchronously) or 20 seconds have passed; the caller asserts which ones it found.
     */
    public Map<String, Explainer> awaitExplainers(int expected) throws Exception {
        BundleContext ctx = felix.getBundleContext();
        Map<String, Explainer> found = new TreeMap<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (found.size() < expected && System.nanoTime() < deadline) {
            found.clear();
            for (ServiceReference<Explainer> ref : ctx.getServiceReferences(Explainer.class, null)) {
                Explainer e = ctx.getService(ref);
                found.put(e.info().id(), e);
            }
            if (found.size() < expected) Thread.sleep(50);
        }
        return found;
    }

    @Override
    public void close() throws Exception {
        stop(felix);
    }

    private static void stop(Felix felix) throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    private static String jarOf(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toString();
    }

    /** The Export-Package header bnd wrote for a module. */
    private static String exports(Path classes) throws Exception {
        try (var in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            String header = new java.util.jar.Manifest(in).getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            assertTrue(header != null, "no exports in " + classes);
            return header;
        }
    }
}
