package dev.lucent.audit.runner;

import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.util.List;

/**
 * The verdicts the runner writes itself in place of an explainer's findings: ERROR when its run failed,
 * NOT_APPLICABLE when it was quarantined or a need it declares is not met.
 */
final class Failures {
    private Failures() {
    }

    static final String REMEDY = "The other explainers' findings are unaffected. Check the explainer or plugin named here;"
            + " after " + dev.lucent.audit.api.AuditRunner.QUARANTINE_AFTER + " failures in a row it is quarantined until re-enabled.";

    /** An explainer run that ended in an error. */
    static ExplainerRun run(ExplainerRef x, String how, List<String> evidence, long millis) {
        return run(x, how, evidence, millis, -1);
    }

    /** An explainer run that ended in an error, with the CPU time it used ({@code cpuMillis}, -1: not measured). */
    static ExplainerRun run(ExplainerRef x, String how, List<String> evidence, long millis, long cpuMillis) {
        Verdict v = new Verdict(shown(x) + " failed", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.ERROR, x.who() + " " + how,
                evidence, REMEDY);
        return new ExplainerRun(named(x), ExplainerRun.Status.ERROR, List.of(v), millis, cpuMillis);
    }

    static ExplainerRun skipped(ExplainerRef x, String why) {
        Verdict v = Verdict.notApplicable(shown(x) + " not run", Stage.DEPLOYMENT_READINESS,
                "explainer " + x.id() + " was not run: " + why, "Re-enable it on the console's Plugins page or with: lucent explainers --enable " + x.id());
        return new ExplainerRun(named(x), ExplainerRun.Status.SKIPPED, List.of(v), 0);
    }

    /** Not run because the model or data lack what it declares it needs: not a failure, so no streak. */
    static ExplainerRun unmetNeed(ExplainerRef x, String need) {
        Verdict v = Verdict.notApplicable(shown(x), Stage.DEPLOYMENT_READINESS, "explainer " + x.id() + " was not run: it " + need + ".");
        return new ExplainerRun(x, ExplainerRun.Status.OK, List.of(v), 0);
    }

    /** A run is listed by name: an explainer known only by its id is listed by that. */
    private static ExplainerRef named(ExplainerRef x) {
        return x.name() != null ? x : new ExplainerRef(x.id(), x.id(), x.version(), x.family(), x.bundle(), x.bundleVersion());
    }

    private static String shown(ExplainerRef x) {
        return x.name() == null ? "Explainer " + x.id() : x.name();
    }

    /** The first lines of a throwable, for evidence. */
    static List<String> trace(Throwable t) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        out.add(String.valueOf(t));
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(6, st.length); i++) out.add("at " + st[i]);
        if (t.getCause() != null && t.getCause() != t) out.add("caused by " + t.getCause());
        return out;
    }
}
