package dev.lucent.explain.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One explanation or audit algorithm. Like Captum's attribution classes, the model stays outside the
 * algorithm: everything comes in through the {@link AuditContext}, findings come out.
 *
 * <p>Register an implementation as an OSGi service under this interface (whiteboard). An explainer that
 * cannot handle a model or data set returns a {@link Verdict} with {@link Verdict.Outcome#NOT_APPLICABLE}
 * saying why, rather than throwing. It checks {@link AuditContext#checkCancelled()} often (at least every
 * few hundred milliseconds) and reports progress.
 */
@ConsumerType
public interface Explainer {

    ExplainerInfo info();

    List<Finding> explain(AuditContext context) throws AuditCancelledException;
}
