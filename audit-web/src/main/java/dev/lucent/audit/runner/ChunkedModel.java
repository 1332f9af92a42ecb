package dev.lucent.audit.runner;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The model as explainers see it in a worker: every call on a batch is split into chunks of at most
 * {@link #chunkRows()} rows, so no pass holds more than the worker can give it, whatever batch an explainer (or a
 * plugin) asks for. The chunk comes from what one row costs, measured once per worker: the bytes a gradient pass
 * (the most a call keeps) allocates on one row and on two, all threads counted. An explainer's batch of 256
 * 224x224 images once asked a SqueezeNet for gigabytes in one pass and ended its worker; now it runs in chunks.
 * Chunking changes no value: rows are independent in every call.
 */
final class ChunkedModel extends DelegatingModel {

    /** Rows per call when nothing else bounds them. */
    static final int MAX_ROWS = 4096;

    /** Rows per call and how that was chosen, in words (for the worker's log and the tests). */
    record Chunk(int rows, String how) {
        Chunk {
            if (rows < 1) throw new IllegalArgumentException("chunk of " + rows + " rows");
        }
    }

    private final Supplier<Chunk> chunk;

    ChunkedModel(AuditableModel inner, int chunkRows, String how) {
        this(inner, () -> new Chunk(chunkRows, how));
        chunk.get(); // checks the size now
    }

    private ChunkedModel(AuditableModel inner, Supplier<Chunk> chunk) {
        super(inner);
        this.chunk = chunk;
    }

    /**
     * Chunks {@code model}'s calls so that a pass takes at most {@code passBytes} (a share of the worker's heap, and
     * within the ONNX importer's per-pass budget), measuring what one row of {@code sample} costs at the first call
     * (in the first explainer's time, not the worker's start-up).
     */
    static ChunkedModel measuring(AuditableModel model, float[] sample, long passBytes) {
        Chunk[] once = new Chunk[1];
        return new ChunkedModel(model, () -> {
            synchronized (once) {
                if (once[0] == null) once[0] = measure(model, sample, passBytes);
                return once[0];
            }
        });
    }

    static Chunk measure(AuditableModel model, float[] sample, long passBytes) {
        int[] shape = model.inputShape();
        try {
            model.inputGradient(rows(sample, shape, 1), new int[1]); // warm: first calls fill per-thread caches
            long one = allocated(() -> model.inputGradient(rows(sample, shape, 1), new int[1]));
            long two = allocated(() -> model.inputGradient(rows(sample, shape, 2), new int[2]));
            if (one <= 0 || two <= 0) return new Chunk(fallbackRows(sample.length, passBytes), "not measured: "
                    + (one < 0 ? "this JVM does not count allocations" : "no allocation seen") + "; " + fallbackRows(sample.length, passBytes)
                    + " rows per call from the input size");
            long perRow = Math.max(two - one, Math.max(1, one / 2));
            long fixed = Math.max(0, one - perRow);
            int rows = (int) Math.max(1, Math.min(MAX_ROWS, (passBytes - fixed) / perRow));
            Chunk c = new Chunk(rows, String.format(java.util.Locale.ROOT,
                    "a gradient pass allocates about %.1f MiB per row (measured); at most %d rows per call keeps a pass within %d MiB",
                    perRow / 1048576.0, rows, passBytes >> 20));
            System.err.println("lucent worker: " + c.how());
            return c;
        } catch (RuntimeException e) {
            // a model that cannot take a gradient (or this row) is measured no further; the explainers will say why
            int rows = fallbackRows(sample.length, passBytes);
            return new Chunk(rows, "not measured (" + AuditInputs.oneLine(String.valueOf(e.getMessage())) + "); " + rows
                    + " rows per call from the input size");
        }
    }

    /** Without a measurement: 64 floats of working memory per input value, a convolutional network's order. */
    static int fallbackRows(int valuesPerRow, long passBytes) {
        return (int) Math.max(1, Math.min(MAX_ROWS, passBytes / (64L * 4 * Math.max(1, valuesPerRow))));
    }

    int chunkRows() {
        return chunk.get().rows();
    }

    /** How the chunk was chosen, in words (for the worker's log and the tests). */
    String measured() {
        return chunk.get().how();
    }

    private static Tensor rows(float[] sample, int[] shape, int n) {
        float[] x = new float[n * sample.length];
        for (int i = 0; i < n; i++) System.arraycopy(sample, 0, x, i * sample.length, sample.length);
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return Tensor.of(x, s);
    }

    /** Bytes allocated on the heap by all threads while {@code call} ran; -1 where the JVM does not count them. */
    static long allocated(Runnable call) {
        Map<Long, Long> before = perThread();
        if (before == null) {
            call.run();
            return -1;
        }
        call.run();
        Map<Long, Long> after = perThread();
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        return sum;
    }

    /** Allocated bytes per live thread (HotSpot's count); null when not available. */
    private static Map<Long, Long> perThread() {
        long[] ids = ManagementFactory.getThreadMXBean().getAllThreadIds();
        long[] bytes = HotSpot.allocatedBytes(ids);
        if (bytes == null) return null;
        Map<Long, Long> m = new HashMap<>();
        for (int i = 0; i < ids.length; i++) if (bytes[i] >= 0) m.put(ids[i], bytes[i]);
        return m;
    }

    @Override
    public Tensor predict(Tensor batch) {
        return chunked(batch, null, (b, t) -> inner.predict(b));
    }

    @Override
    public float[][] probabilities(Tensor batch) {
        int n = batch.shape()[0], chunkRows = chunkRows();
        if (n <= chunkRows) return inner.probabilities(batch);
        float[][] out = new float[n][];
        float[] all = batch.toArray();
        for (int start = 0; start < n; start += chunkRows) {
            int end = Math.min(n, start + chunkRows);
            float[][] part = inner.probabilities(slice(all, batch.shape(), start, end));
            System.arraycopy(part, 0, out, start, end - start);
        }
        return out;
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        return chunked(batch, targets, inner::inputGradient);
    }

    @Override
    public Tensor weightedInputGradient(Tensor batch, Tensor weights) {
        int n = batch.shape()[0], chunkRows = chunkRows();
        if (n <= chunkRows || weights.shape()[0] != n) return inner.weightedInputGradient(batch, weights); // a mismatch: the inner model names it
        Tensor[] parts = new Tensor[(n + chunkRows - 1) / chunkRows];
        float[] all = batch.toArray(), w = weights.toArray();
        for (int c = 0, start = 0; start < n; c++, start += chunkRows) {
            int end = Math.min(n, start + chunkRows);
            parts[c] = inner.weightedInputGradient(slice(all, batch.shape(), start, end), slice(w, weights.shape(), start, end));
        }
        return concat(parts);
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        int n = batch.shape()[0], chunkRows = chunkRows();
        if (n <= chunkRows) return inner.traceLayer(layer, batch, targets);
        Tensor[] acts = new Tensor[(n + chunkRows - 1) / chunkRows], grads = new Tensor[acts.length];
        float[] all = batch.toArray();
        for (int c = 0, start = 0; start < n; c++, start += chunkRows) {
            int end = Math.min(n, start + chunkRows);
            LayerTrace t = inner.traceLayer(layer, slice(all, batch.shape(), start, end), Arrays.copyOfRange(targets, start, end));
            acts[c] = t.activations();
            grads[c] = t.gradients();
        }
        boolean withGradients = Arrays.stream(grads).allMatch(java.util.Objects::nonNull);
        return new LayerTrace(layer, concat(acts), withGradients ? concat(grads) : null);
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        return new ChunkedModel(inner.withRandomizedLayers(layers, seed), chunk); // the same architecture: the same cost
    }

    private Tensor chunked(Tensor batch, int[] targets, BiFunction<Tensor, int[], Tensor> call) {
        int n = batch.shape()[0], chunkRows = chunkRows();
        if (n <= chunkRows) return call.apply(batch, targets);
        Tensor[] parts = new Tensor[(n + chunkRows - 1) / chunkRows];
        float[] all = batch.toArray();
        for (int c = 0, start = 0; start < n; c++, start += chunkRows) {
            int end = Math.min(n, start + chunkRows);
            parts[c] = call.apply(slice(all, batch.shape(), start, end), targets == null ? null : Arrays.copyOfRange(targets, start, end));
        }
        return concat(parts);
    }

    /** Rows {@code start..end-1} of a batch of {@code shape} whose values are {@code all}. */
    static Tensor slice(float[] all, int[] shape, int start, int end) {
        int[] s = shape.clone();
        int per = all.length / s[0];
        s[0] = end - start;
        return Tensor.of(Arrays.copyOfRange(all, start * per, end * per), s);
    }

    /** Tensors of equal row shapes, stacked along the first axis. */
    static Tensor concat(Tensor[] parts) {
        int rows = 0, size = 0;
        for (Tensor p : parts) {
            rows += p.shape()[0];
            size += p.size();
        }
        float[] all = new float[size];
        int at = 0;
        for (Tensor p : parts) {
            float[] v = p.toArray();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        int[] s = parts[0].shape();
        s[0] = rows;
        return Tensor.of(all, s);
    }
}
