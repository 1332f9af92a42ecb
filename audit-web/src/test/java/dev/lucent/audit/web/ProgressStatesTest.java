package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 15.5: an explainer that did not apply showed "ok" on the progress page, as if it had checked something. */
class ProgressStatesTest {
    static final ExplainerRef REF = new ExplainerRef("grad-cam", "Grad-CAM", "1.0.0", "saliency", "b", "1.0.0");

    @Test
    void aNotApplicableRunShowsAsNotApplicableWithItsReason() {
        ExplainerRun na = new ExplainerRun(REF, ExplainerRun.Status.OK,
                List.of(Verdict.notApplicable("Grad-CAM", Stage.EXPLANATIONS, "explainer grad-cam was not run: it needs image input.")), 0);
        assertEquals("not applicable", AuditsServlet.partState(na));
        assertEquals("explainer grad-cam was not run: it needs image input.", AuditsServlet.partMessage(na));
    }

    @Test
    void runsThatCheckedSomethingKeepTheirStatus() {
        ExplainerRun ok = new ExplainerRun(REF, ExplainerRun.Status.OK, List.of(
                new Metric("accuracy", Stage.VALIDATION, "accuracy", 0.9, 0.8, 0.95, 0.95, null),
                Verdict.notApplicable("part", Stage.EXPLANATIONS, "one part did not apply")), 12);
        assertEquals("ok", AuditsServlet.partState(ok), "a run with findings beside a not-applicable verdict did check something");
        assertEquals("2 findings in 12 ms", AuditsServlet.partMessage(ok));
        assertEquals("error", AuditsServlet.partState(new ExplainerRun(REF, ExplainerRun.Status.ERROR, List.of(), 3)));
        assertEquals("ok", AuditsServlet.partState(new ExplainerRun(REF, ExplainerRun.Status.OK, List.of(), 3)));
    }
}
