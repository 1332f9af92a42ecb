package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's heap when the audit names none: sized to the dump and the model, capped by the machine, overridden by --memory. */
class WorkerHeapTest {
    static final long MIB = 1L << 20, GIB = 1L << 30;

    @Test
    void aHeapNamedByTheAuditIsTaken() {
        AuditRequest asked = request(3000);
        WorkerHeap h = WorkerHeap.of(asked, 900 * MIB, 600 * MIB, 24 * GIB);
        assertEquals(3000, h.mib());
        assertEquals("as asked (--memory)", h.why());
    }

    @Test
    void withoutOneTheHeapFollowsTheDataAndTheModel() {
        // 80 photos of 3 x 224 x 224 floats (48.2 MB) and ResNet-18 (46.7 MB): 1024 + 3 x 90.5 MiB = 1296, to the nearest 256: 1280
        long data = 80L * 3 * 224 * 224 * 4, model = 46_748_532;
        WorkerHeap h = WorkerHeap.of(request(AuditRequest.SIZED_MEMORY), data + model, model, 24 * GIB);
        assertEquals(1280, h.mib());
        assertEquals("sized to the inputs: 1024 MiB + 3 x (46 MiB of data + 45 MiB of model); --memory sets it", h.why());
        // a tiny table keeps the old default
        assertEquals(1024, WorkerHeap.sized(20_000, 5_000, 24 * GIB).mib());
        // a 600 MB model: 1024 + 3 x 572.2 MiB = 2741, to the nearest 256: 2816
        assertEquals(2816, WorkerHeap.sized(600_000_000L + 1000, 600_000_000L, 24 * GIB).mib());
    }

    @Test
    void theMachineCapsIt() {
        WorkerHeap h = WorkerHeap.sized(4 * GIB, 0, 8 * GIB); // a quarter of 8 GiB
        assertEquals(2048, h.mib());
        assertTrue(h.why().endsWith("capped at a quarter of the machine's 8192 MiB; --memory sets it"), h.why());
        assertEquals(1024, WorkerHeap.sized(4 * GIB, 0, 2 * GIB).mib(), "never under the old default");
        assertEquals(13312, WorkerHeap.sized(4 * GIB, 0, -1).mib(), "unknown memory: no cap");
    }

    private static AuditRequest request(int mib) {
        return new AuditRequest(Path.of("m.onnx"), Path.of("d"), "label", null, List.of(), 42, Map.of(), Duration.ofSeconds(180), mib);
    }
}
