package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditRequest;
import java.util.Locale;

/**
 * The worker JVM's heap when the audit names none ({@link AuditRequest#SIZED_MEMORY}): what a worker holds grows with
 * the inputs, so a fixed gigabyte that suits a table of numbers leaves 224 x 224 photos and a 50 MB network no room.
 * A worker holds the dumped inputs once as read (the splits as floats, the model's bytes), decodes the model's
 * weights (about its bytes again), and its explainers copy the rows they perturb and keep per-row results; three
 * times the dump's data and three times the model, over a gigabyte for the framework and the explainers' own working
 * memory, covers that. At most a quarter of the machine's physical memory (two workers may run at once beside the
 * host), never under {@link AuditRequest#DEFAULT_MEMORY_MB}, to the nearest 256 MiB.
 *
 * @param mib the heap ({@code -Xmx}) in MiB
 * @param why how it was chosen, for the report's provenance
 */
record WorkerHeap(int mib, String why) {

    static final long COPIES = 3;
    private static final long MIB = 1L << 20, STEP = 256;

    /** The heap the request asks for, or, when it asks for none, one sized to the inputs. */
    static WorkerHeap of(AuditRequest request, long dumpBytes, long modelBytes, long physicalBytes) {
        if (request.memoryLimitMb() != AuditRequest.SIZED_MEMORY)
            return new WorkerHeap(request.memoryLimitMb(), "as asked (--memory)");
        return sized(dumpBytes, modelBytes, physicalBytes);
    }

    /**
     * @param dumpBytes     the inputs dump's size (data and model)
     * @param modelBytes    the model's bytes within it
     * @param physicalBytes the machine's physical memory; -1 when unknown (no cap but the request's bounds)
     */
    static WorkerHeap sized(long dumpBytes, long modelBytes, long physicalBytes) {
        long model = Math.max(0, modelBytes), data = Math.max(0, dumpBytes - model);
        long wanted = AuditRequest.DEFAULT_MEMORY_MB + ceilMib(COPIES * (data + model));
        long mib = Math.max(AuditRequest.DEFAULT_MEMORY_MB, (wanted + STEP / 2) / STEP * STEP); // the nearest step
        String cap = "";
        if (physicalBytes > 0 && mib > physicalBytes / 4 / MIB) {
            mib = Math.max(AuditRequest.DEFAULT_MEMORY_MB, physicalBytes / 4 / MIB / STEP * STEP);
            cap = String.format(Locale.ROOT, ", capped at a quarter of the machine's %d MiB", physicalBytes / MIB);
        }
        mib = Math.min(mib, AuditRequest.MAX_MEMORY_MB);
        return new WorkerHeap((int) mib, String.format(Locale.ROOT,
                "sized to the inputs: %d MiB + %d x (%d MiB of data + %d MiB of model)%s; --memory sets it",
                AuditRequest.DEFAULT_MEMORY_MB, COPIES, ceilMib(data), ceilMib(model), cap));
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
