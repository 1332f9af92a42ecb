package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobTest {

    @Test
    void jsonEscapesEverythingAndKeepsOnlyLocalNextPaths() {
        Job job = new Job("id", "audit", "</script><script>alert(1)</script>", "u");
        job.part("a\"b", "running", 0.5, "<img src=x>");
        job.point(1, 0.5, Double.NaN);
        job.finish(Job.State.DONE, "done", "//evil.example/x");
        String json = job.json();
        assertFalse(json.contains("<"), json);
        assertTrue(json.contains("\\u003c/script\\u003e"), json);
        assertTrue(json.contains("\"next\":null"), "a protocol-relative path is not followed: " + json);
        assertTrue(json.contains("\"validation\":null"), json);
        assertTrue(json.contains("\"finished\":true"));
    }

    @Test
    void cancelRunsTheActionOnceAndFailureAfterCancelReadsAsCancelled() {
        Job job = new Job("id", "audit", "t", "u");
        int[] calls = {0};
        job.onCancel(() -> calls[0]++);
        job.running(0.2, "x");
        job.cancel();
        assertTrue(job.cancelRequested());
        job.finish(Job.State.FAILED, "worker killed", null);
        assertEquals(Job.State.CANCELLED, job.state());
        job.cancel();
        assertEquals(1, calls[0], "a finished job is not cancelled again");
    }

    @Test
    void jobsRunOffTheCallersThreadAndReportFailures() throws Exception {
        Jobs jobs = new Jobs();
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Job ok = jobs.submit("training", "t", "u", j -> {
            assertFalse(Thread.currentThread() == caller);
            j.finish(Job.State.DONE, "fine", "/models/x");
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        Job bad = jobs.submit("training", "t", "u", j -> {
            throw new IllegalStateException("boom");
        });
        for (int i = 0; i < 200 && !bad.state().equals(Job.State.FAILED); i++) Thread.sleep(10);
        assertEquals(Job.State.FAILED, bad.state());
        assertEquals("failed: boom", bad.message());
        assertEquals("/models/x", ok.next());
        jobs.stop();
    }

    @Test
    void auditParametersAreParsedPerExplainer() {
        Map<String, Map<String, String>> p = AuditsServlet.parameters("# steps\nintegrated-gradients.steps = 64\n\nkernel-shap.samples=500\n",
                Set.of("integrated-gradients", "kernel-shap"));
        assertEquals(Map.of("integrated-gradients", Map.of("steps", "64"), "kernel-shap", Map.of("samples", "500")), p);
        assertThrows(IllegalArgumentException.class, () -> AuditsServlet.parameters("saliency.x=1", Set.of("kernel-shap")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditsServlet.parameters("a\nno equals", Set.of("a")));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertEquals(List.of(), List.copyOf(AuditsServlet.parameters("", Set.of()).keySet()));
    }
}
