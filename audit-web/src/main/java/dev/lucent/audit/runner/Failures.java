package dev.lucent.audit.runner;

import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.util.List;

/** The ERROR verdicts that stand in for an explainer's findings when its run failed. */
final class Failures {
    private Failures() {
    }

    static final String REMEDY = "The other explainers' findings are unaffected. Check the explainer or plugin named here;"
            + " after " + dev.lucent.audit.api.AuditRunner.QUARANTINE_AFTER + " failures in a row it is quarantined until re-enabled.";

    /** An explainer run that ended in an error. */
    static ExplainerRun run(String id, String name, String version, String family, String bundle, String bundleVersion,
                            String how, List<String> evidence, long millis) {
        String who = "explainer " + id + (bundle == null ? "" : " (plugin/bundle " + bundle + " " + bundleVersion + ")");
        Verdict v = new Verdict(name == null ? "Explainer " + id + " failed" : name + " failed", Stage.DEPLOYMENT_READINESS,
                Verdict.Outcome.ERROR, who + " " + how, evidence, REMEDY);
        return new ExplainerRun(id, name == null ? id : name, version, family, bundle, bundleVersion,
                ExplainerRun.Status.ERROR, List.of(v), millis);
    }

    static ExplainerRun skipped(String id, String name, String version, String family, String bundle, String bundleVersion,
                                String why) {
        Verdict v = new Verdict((name == null ? id : name) + " not run", Stage.DEPLOYMENT_READINESS,
                Verdict.Outcome.NOT_APPLICABLE, "explainer " + id + " was not run: " + why, List.of(),
                "Re-enable it with: lucent explainers --enable " + id);
        return new ExplainerRun(id, name == null ? id : name, version, family, bundle, bundleVersion,
                ExplainerRun.Status.SKIPPED, List.of(v), 0);
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
