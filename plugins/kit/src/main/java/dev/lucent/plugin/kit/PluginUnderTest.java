package dev.lucent.plugin.kit;

import dev.lucent.explain.api.Explainer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The plugin bundle running in the kit's framework, and the explainers it registered. */
public final class PluginUnderTest {

    private static final long WAIT_MILLIS = 10_000;

    private final BundleContext context;
    private final Bundle bundle;

    PluginUnderTest(BundleContext context, Bundle bundle) {
        this.context = context;
        this.bundle = bundle;
    }

    public Bundle bundle() {
        return bundle;
    }

    /** The explainers this plugin registered (waits up to 10 s for the first). */
    public List<Explainer> explainers() {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            List<Explainer> out = new ArrayList<>();
            for (ServiceReference<Explainer> r : references()) {
                Explainer e = context.getService(r);
                if (e != null) out.add(e);
            }
            if (!out.isEmpty() || System.currentTimeMillis() > deadline) return out;
            pause();
        }
    }

    /** The plugin's explainer with this id; fails after 10 s naming the ids that are there. */
    public Explainer explainer(String id) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        List<String> seen = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            seen.clear();
            for (ServiceReference<Explainer> r : references()) {
                Explainer e = context.getService(r);
                if (e == null) continue;
                String got = e.info().id();
                if (got.equals(id)) return e;
                seen.add(got);
            }
            pause();
        }
        throw new AssertionError("the plugin " + bundle.getSymbolicName() + " registered no explainer '" + id
                + "' within 10 s (it has " + seen + "; bundle state " + bundle.getState() + ")");
    }

    /**
     * Gives the configuration {@code pid} these properties (as a {@code .cfg} file beside the jar would) and
     * returns explainer {@code id} once it runs with them.
     */
    public Explainer configure(String pid, Map<String, ?> properties, String id) throws IOException {
        ServiceReference<?> ref = null;
        for (long deadline = System.currentTimeMillis() + WAIT_MILLIS; ref == null && System.currentTimeMillis() < deadline; pause())
            ref = configurationAdmin();
        if (ref == null) {
            StringBuilder states = new StringBuilder();
            for (Bundle b : context.getBundles()) states.append(' ').append(b.getSymbolicName()).append('=').append(b.getState());
            throw new IllegalStateException("Configuration Admin is not running in the kit:" + states);
        }
        Object admin = context.getService(ref);
        Dictionary<String, Object> d = new Hashtable<>();
        properties.forEach(d::put);
        try {
            // Through reflection: the framework's Configuration Admin classes are the bundle's, not the test's.
            Method get = admin.getClass().getMethod("getConfiguration", String.class, String.class);
            get.setAccessible(true);
            Object configuration = get.invoke(admin, pid, "?");
            Method update = configuration.getClass().getMethod("update", Dictionary.class);
            update.setAccessible(true);
            update.invoke(configuration, d);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot update configuration " + pid + ": " + e, e);
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (ServiceReference<Explainer> r : references()) {
                boolean all = true;
                for (Map.Entry<String, ?> p : properties.entrySet())
                    all &= Objects.equals(String.valueOf(r.getProperty(p.getKey())), String.valueOf(p.getValue()));
                if (!all) continue;
                Explainer e = context.getService(r);
                if (e != null && e.info().id().equals(id)) return e;
            }
            pause();
        }
        throw new AssertionError("explainer '" + id + "' did not pick up configuration " + pid + " " + properties + " within 10 s");
    }

    /** All references, not only class-compatible ones: the test's copy of the cm package is not the bundle's. */
    private ServiceReference<?> configurationAdmin() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
            return refs == null || refs.length == 0 ? null : refs[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ServiceReference<Explainer>> references() {
        try {
            List<ServiceReference<Explainer>> out = new ArrayList<>();
            for (ServiceReference<Explainer> r : context.getServiceReferences(Explainer.class, null))
                if (r.getBundle() != null && r.getBundle().getBundleId() == bundle.getBundleId()) out.add(r);
            return out;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the plugin");
        }
    }
}
