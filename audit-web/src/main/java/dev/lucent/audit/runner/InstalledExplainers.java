package dev.lucent.audit.runner;

import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The explainers the service registry holds right now, built-in and plugin alike (whiteboard): what
 * {@code /health}, the console and the CLI list, and what audits choose from.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = InstalledExplainers.class)
public final class InstalledExplainers {

    /** An explainer with the bundle that provides it. */
    public record Installed(ExplainerInfo info, String bundle, String bundleVersion, long serviceId, Explainer explainer) {
        /** The explainer as reports name it. */
        public ExplainerRef ref() {
            return new ExplainerRef(info.id(), info.name(), info.version(), info.family(), bundle, bundleVersion);
        }
    }

    private final Map<Long, Installed> byServiceId = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addExplainer(Explainer explainer, ServiceReference<Explainer> ref) {
        Bundle b = ref.getBundle();
        long id = (Long) ref.getProperty("service.id");
        ExplainerInfo info;
        try {
            info = explainer.info();
        } catch (RuntimeException e) {
            return; // an explainer that cannot describe itself is not offered
        }
        byServiceId.put(id, new Installed(info, b == null ? "?" : b.getSymbolicName(),
                b == null ? "?" : b.getVersion().toString(), id, explainer));
    }

    void removeExplainer(Explainer explainer, ServiceReference<Explainer> ref) {
        byServiceId.remove((Long) ref.getProperty("service.id"));
    }

    /** All explainers, by id then bundle. */
    public List<Installed> all() {
        return byServiceId.values().stream()
                .sorted(Comparator.comparing((Installed i) -> i.info().id()).thenComparing(Installed::bundle))
                .toList();
    }

    public Optional<Installed> byId(String id) {
        return all().stream().filter(i -> i.info().id().equals(id)).findFirst();
    }
}
