package dev.lucent.audit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.5: a default audit wrote about 1,900 progress lines to stderr. In a log: a line per explainer started and
 * finished; on a terminal: one line updated in place.
 */
class CliProgressTest {

    /** 35 explainers, each reporting 50 steps with changing messages, as a default audit does. */
    static void audit(AuditCommand.StderrProgress p) {
        p.update(new AuditProgress.Event(null, 0, 35, 0, "loading the model and data"));
        for (int i = 0; i < 35; i++) {
            p.update(new AuditProgress.Event("explainer-" + i, i, 35, 0, "started"));
            for (int k = 1; k < 50; k++) p.update(new AuditProgress.Event("explainer-" + i, i, 35, k / 50.0, "step " + k + " of 50"));
            p.update(new AuditProgress.Event("explainer-" + i, i, 35, 1, "done"));
        }
        p.finish();
    }

    @Test
    void inALogALinePerExplainerStartedAndFinished() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        audit(new AuditCommand.StderrProgress(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(71, lines.length, "the opening message and two lines per explainer, not one per tick");
        assertEquals("[1/35] explainer-0:   0% started", lines[1]);
        assertEquals("[35/35] explainer-34: 100% done", lines[70]);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("\r"));
    }

    @Test
    void onATerminalOneLineUpdatedInPlace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        audit(new AuditCommand.StderrProgress(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, s.split("\n", -1).length - 1, "a single line, ended once when the audit ends");
        assertTrue(s.endsWith("\r[35/35] explainer-34: 100% done\033[K\n"), s.substring(s.length() - 60));
        AuditCommand.StderrProgress p = new AuditCommand.StderrProgress(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        out.reset();
        p.update(new AuditProgress.Event("x", 0, 1, 0.5, "a".repeat(300)));
        assertTrue(out.toString(StandardCharsets.UTF_8).length() <= AuditCommand.StderrProgress.WIDTH + 8, "cut to the terminal's width");
    }
}
