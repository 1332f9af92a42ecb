package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The real Felix framework with the real bundles from the packaged jar, in this JVM: every bundle is ACTIVE
 * and every Declarative Services component of Lucent's bundles is satisfied (asked of SCR itself).
 */
class FrameworkIT {

    @TempDir
    Path dir;

    /** ComponentConfigurationDTO states (OSGi DS 1.4+). */
    private static final int UNSATISFIED_CONFIGURATION = 1, UNSATISFIED_REFERENCE = 2, FAILED_ACTIVATION = 16;

    @Test
    void everyBundleActiveAndEveryComponentSatisfied() throws Exception {
        int port = LucentProcess.freePort();
        HostOptions options = HostOptions.parse(new String[]{"--port", Integer.toString(port),
                "--data", dir.resolve("data").toString(), "--plugins", dir.resolve("plugins").toString()});
        try (LucentFramework lucent = LucentFramework.start(options, LucentFramework.Mode.SERVE, new EmbeddedBundles(), "test")) {
            BundleContext ctx = lucent.framework().getBundleContext();
            List<String> notActive = new ArrayList<>();
            List<Bundle> lucentBundles = new ArrayList<>();
            for (Bundle b : ctx.getBundles()) {
                boolean fragment = b.getHeaders().get("Fragment-Host") != null;
                if (!fragment && b.getState() != Bundle.ACTIVE) notActive.add(b.getSymbolicName() + " state " + b.getState());
                if (b.getLocation().startsWith("lucent:lucent/")) lucentBundles.add(b);
            }
            assertTrue(notActive.isEmpty(), "bundles not ACTIVE: " + notActive);
            assertTrue(lucentBundles.size() >= 4, "Lucent bundles installed: " + lucentBundles.size());

            // The HTTP whiteboard serves /health from the registry.
            assertTrue(LucentProcess.awaitOk("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(30), null));

            ServiceReference<?> scrRef = ctx.getServiceReference("org.osgi.service.component.runtime.ServiceComponentRuntime");
            assertNotNull(scrRef, "SCR is running");
            Object scr = ctx.getService(scrRef);
            Class<?> scrApi = scr.getClass().getClassLoader()
                    .loadClass("org.osgi.service.component.runtime.ServiceComponentRuntime");
            Method descriptions = scrApi.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method configurations = null;
            for (Method m : scrApi.getMethods()) if (m.getName().equals("getComponentConfigurationDTOs")) configurations = m;
            assertNotNull(configurations);

            List<String> problems = new ArrayList<>();
            int components = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                problems.clear();
                components = 0;
                for (Object d : (Collection<?>) descriptions.invoke(scr, (Object) lucentBundles.toArray(Bundle[]::new))) {
                    String name = (String) field(d, "name");
                    boolean enabledByDefault = (Boolean) field(d, "defaultEnabled");
                    if (!enabledByDefault) continue;
                    components++;
                    Collection<?> configs = (Collection<?>) configurations.invoke(scr, d);
                    if (configs.isEmpty() && "require".equals(field(d, "configurationPolicy"))) continue;
                    if (configs.isEmpty()) problems.add(name + ": no configuration");
                    for (Object c : configs) {
                        int state = (Integer) field(c, "state");
                        if (state == UNSATISFIED_REFERENCE || state == UNSATISFIED_CONFIGURATION || state == FAILED_ACTIVATION)
                            problems.add(name + ": state " + state + " unsatisfied " + describe(field(c, "unsatisfiedReferences")));
                    }
                }
                if (problems.isEmpty()) break;
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            assertTrue(components >= 5, "DS components found in Lucent bundles: " + components);
            assertEquals(List.of(), problems, "every DS component satisfied");
            System.out.println("FrameworkIT: " + ctx.getBundles().length + " bundles ACTIVE, " + components + " Lucent DS components satisfied");
        }
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        Field f = dto.getClass().getField(name);
        return f.get(dto);
    }

    private static String describe(Object array) throws ReflectiveOperationException {
        if (array == null) return "[]";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) names.add((String) field(Array.get(array, i), "name"));
        return names.toString();
    }
}
