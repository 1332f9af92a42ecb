package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void jobsRunOffTheCallersThreadAndReportFailures(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
        Jobs jobs = new Jobs(data, true);
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
    void aJobAHostStopCutShortIsShownAsInterruptedAtTheNextStartAndItsFilesAreCleared(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data)
            throws Exception {
        java.nio.file.Path incoming = java.nio.file.Files.createDirectories(data.resolve("uploads/.incoming"));
        java.nio.file.Path half = java.nio.file.Files.writeString(incoming.resolve("upload-1.part"), "half a model");
        java.nio.file.Files.setLastModifiedTime(half, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
        Jobs first = new Jobs(data, true);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Job cut = first.submit("audit", "Audit of m.onnx on d.csv", "ann", j -> {
            running.countDown();
            try {
                never.await(); // the host dies during it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Job finished = first.submit("training", "Training on d.csv", "ann", j -> j.finish(Job.State.DONE, "fine", null));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        // the job's state turns DONE inside its work, its record goes just after: wait for both
        java.nio.file.Path finishedRecord = data.resolve("console/jobs/" + finished.id() + ".job");
        for (int i = 0; i < 500 && (!finished.state().equals(Job.State.DONE) || java.nio.file.Files.exists(finishedRecord)); i++) Thread.sleep(10);
        assertTrue(java.nio.file.Files.exists(data.resolve("console/jobs/" + cut.id() + ".job")), "recorded while it runs");
        // no stop(): as after kill -9, the next host only finds the records
        Jobs next = new Jobs(data, true);
        Job shown = next.find(cut.id()).orElseThrow();
        assertEquals(Job.State.INTERRUPTED, shown.state());
        assertTrue(shown.message().contains("interrupted by a host stop"), shown.message());
        assertEquals("Audit of m.onnx on d.csv", shown.title());
        assertEquals("ann", shown.owner());
        assertEquals(cut.created(), shown.created());
        assertTrue(next.find(finished.id()).isEmpty(), "a job that ended left no record");
        assertTrue(shown.json().contains("\"state\":\"interrupted\""), shown.json());
        assertFalse(java.nio.file.Files.exists(half), "a dead process's half-written upload is deleted");
        // still shown after a further restart
        assertEquals(Job.State.INTERRUPTED, new Jobs(data, true).find(cut.id()).orElseThrow().state());
        never.countDown();
        first.stop();
        next.stop();
    }
}
