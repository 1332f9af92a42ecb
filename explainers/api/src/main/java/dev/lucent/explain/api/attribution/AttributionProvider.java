package dev.lucent.explain.api.attribution;

import dev.lucent.explain.api.AuditContext;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Attribution methods offered by name, registered as an OSGi service by the bundle that implements them, so that
 * the checks which examine methods (parameter {@code method} of max-sensitivity, infidelity, the randomization
 * sanity check, deletion/insertion) run them without carrying a copy of their code.
 */
@ConsumerType
public interface AttributionProvider {

    /** The names the {@code method} parameter may give, lower-case with dashes, e.g. {@code integrated-gradients}. */
    Set<String> names();

    /**
     * The named method with its default settings for this audit's data.
     *
     * @param name      one of {@link #names()}
     * @param batchRows rows per model call, within the run's memory budget
     * @param seed      for the method's random choices
     */
    Attribution create(String name, AuditContext context, int batchRows, long seed);
}
