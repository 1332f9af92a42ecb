package dev.lucent.plugin.kit;

import dev.lucent.explain.api.Explainer;
import java.util.ArrayList;
import java.util.List;
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
