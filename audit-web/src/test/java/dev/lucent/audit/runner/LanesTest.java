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
        assertTrue(HotSpot.availablePhysicalBytes() > 0, "available physical memory: " + HotSpot.availablePhysicalBytes());
        assertTrue(HotSpot.allocatedBytes(new long[] {Thread.currentThread().getId()})[0] > 0);
    }

    @Test
    void memoryHeldByThePageCacheCountsAsAvailable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        long gib = 1L << 30;
        // a 24 GiB machine after reading big data: 1 GiB free, 20 GiB available once the cache is given back
        assertEquals(20 * gib, HotSpot.available(gib, 24 * gib, 24 * gib, 20 * gib));
        assertEquals(Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1,
                WorkerAuditRunner.lanes(31, 1024, HotSpot.available(gib, 24 * gib, 24 * gib, 20 * gib)), "two lanes on such a machine");
        // a container limited to 4 GiB on that machine: the JVM's container-aware figure, not the host's
        assertEquals(gib, HotSpot.available(gib, 4 * gib, 24 * gib, 20 * gib));
        assertEquals(gib, HotSpot.available(gib, 24 * gib, -1, -1), "no meminfo: the JVM's figure");
        java.nio.file.Path meminfo = dir.resolve("meminfo");
        java.nio.file.Files.writeString(meminfo, "MemTotal:       24683772 kB\nMemFree:         1000000 kB\nMemAvailable:   20868920 kB\n");
        assertEquals(20868920L * 1024, HotSpot.meminfo(meminfo)[1]);
        assertEquals(24683772L * 1024, HotSpot.meminfo(meminfo)[0]);
        java.nio.file.Files.writeString(meminfo, "MemTotal: lots\nMemAvailable: 12 MB\n");
        assertEquals(-1, HotSpot.meminfo(meminfo)[0], "an unreadable figure is unknown, not a crash");
        assertEquals(-1, HotSpot.meminfo(dir.resolve("absent"))[1]);
    }

    @Test
    void aWorkerLoadingLargeInputsGetsLongerToStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path dump = dir.resolve(InputsDump.FILE);
        java.nio.file.Files.write(dump, new byte[(12 << 20) + 5]);
        WorkerJob job = new WorkerJob(dump, "sha", 1, java.util.List.of("x"), java.util.Map.of(), 1000, 1);
        assertEquals(WorkerAuditRunner.STARTUP_LIMIT.plusSeconds(3), WorkerAuditRunner.startupLimit(job)); // 1 s per 4 MiB
    }
}
