package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 15: two workers at once only where the memory for two heaps is free (and two cores, as CI and this machine have). */
class LanesTest {

    @Test
    void twoWorkersOnlyWithFreeMemoryForTwoHeaps() {
        long gib = 1L << 30;
        int expected = Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
        assertEquals(expected, WorkerAuditRunner.lanes(31, 1024, 8 * gib));
        assertEquals(1, WorkerAuditRunner.lanes(31, 1024, 3 * gib), "two 1 GiB heaps and their JVMs need 3.5 GiB free");
        assertEquals(1, WorkerAuditRunner.lanes(31, 4096, 8 * gib));
        assertEquals(1, WorkerAuditRunner.lanes(1, 1024, 8 * gib), "one explainer needs one worker");
        assertEquals(1, WorkerAuditRunner.lanes(31, 1024, -1), "unknown free memory: one worker");
    }

    @Test
    void thisJvmSaysHowMuchMemoryIsFree() {
        // HotSpot answers through com.sun.management, reached by reflection from the bundle
        assertTrue(HotSpot.freePhysicalBytes() > 0, "free physical memory: " + HotSpot.freePhysicalBytes());
        assertTrue(HotSpot.allocatedBytes(new long[] {Thread.currentThread().getId()})[0] > 0);
    }

    @Test
    void aWorkerLoadingLargeInputsGetsLongerToStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path dump = dir.resolve(InputsDump.FILE);
        java.nio.file.Files.write(dump, new byte[(12 << 20) + 5]);
        WorkerJob job = new WorkerJob(dump, "sha", 1, java.util.List.of("x"), java.util.Map.of(), 1000, 1);
        assertEquals(WorkerAuditRunner.STARTUP_LIMIT.plusSeconds(3), WorkerAuditRunner.startupLimit(job)); // 1 s per 4 MiB
    }
}
