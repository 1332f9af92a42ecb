package dev.lucent.network.api.onnx;

/**
 * Bounds applied to an ONNX file before and while it is decoded and run.
 *
 * @param maxBytes        memory budget: the file size, everything decoded from it, and any one tensor
 *                        the graph computes must stay under it; sizes are checked before allocation
 * @param maxGraphDepth   deepest nesting of subgraphs (attributes of type GRAPH) accepted
 * @param maxNodes        most nodes accepted over all graphs
 * @param origin          where {@code maxBytes} came from, in words, for refusals ("3/4 of this JVM's free heap ...")
 */
public record OnnxLimits(long maxBytes, int maxGraphDepth, int maxNodes, String origin) {

    /** The share of the maximum heap that {@link #followingHeap()} gives an import. */
    public static final double HEAP_SHARE = 0.75;

    public OnnxLimits {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        if (maxGraphDepth < 1) throw new IllegalArgumentException("maxGraphDepth must be at least 1, got " + maxGraphDepth);
        if (maxNodes < 1) throw new IllegalArgumentException("maxNodes must be at least 1, got " + maxNodes);
        if (origin == null || origin.isBlank()) origin = "a limit set by the caller";
    }

    /** A budget set by the caller. */
    public OnnxLimits(long maxBytes, int maxGraphDepth, int maxNodes) {
        this(maxBytes, maxGraphDepth, maxNodes, null);
    }

    /** 512 MiB, subgraphs nested 8 deep, 100 000 nodes. */
    public static OnnxLimits defaults() {
        return new OnnxLimits(512L << 20, 8, 100_000, "Lucent's fixed default of 512 MiB");
    }

    /**
     * A budget that follows this JVM's heap: {@value #HEAP_SHARE} of the maximum heap ({@code -Xmx}), so a model of
     * 600 MB (its file and its decoded weights, about 1.2 GB) imports with {@code -Xmx4g}, and a quarter of the heap
     * is left for the data and the explainers. (Not the heap "in use": that counts garbage not yet collected, so it
     * would make the limit depend on when the collector last ran.) The default's depth and node limits.
     */
    public static OnnxLimits followingHeap() {
        long max = Runtime.getRuntime().maxMemory();
        if (max == Long.MAX_VALUE) return defaults(); // no heap limit to follow
        return new OnnxLimits((long) (max * HEAP_SHARE), 8, 100_000, "3/4 of this JVM's maximum heap of " + (max >> 20)
                + " MiB; java -Xmx sets the heap");
    }

    /**
     * The bound on any one value the graph computes (at import, when folding constants, and when it runs) and on the
     * sum one forward or backward pass keeps: {@code maxBytes}, but at most 512 MiB or an eighth of the maximum heap,
     * whichever is larger. A file's own weights are backed by its bytes, so they may take the heap's share; a tiny
     * file can ask for computed values of any size (a ConstantOfShape, an Expand, a fixed batch), so those get less.
     */
    public long valuesBytes() {
        long heap = Runtime.getRuntime().maxMemory();
        return Math.min(maxBytes, Math.max(512L << 20, heap == Long.MAX_VALUE ? 0 : heap / 8));
    }

    /** This budget with another size and its origin, the other limits kept. */
    public OnnxLimits withMaxBytes(long bytes, String origin) {
        return new OnnxLimits(bytes, maxGraphDepth, maxNodes, origin);
    }
}
