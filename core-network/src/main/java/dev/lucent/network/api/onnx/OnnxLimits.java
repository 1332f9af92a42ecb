package dev.lucent.network.api.onnx;

/**
 * Bounds applied to an ONNX file before and while it is decoded and run.
 *
 * @param maxBytes        memory budget: the file size, everything decoded from it, and any one tensor
 *                        the graph computes must stay under it; sizes are checked before allocation
 * @param maxGraphDepth   deepest nesting of subgraphs (attributes of type GRAPH) accepted
 * @param maxNodes        most nodes accepted over all graphs
 */
public record OnnxLimits(long maxBytes, int maxGraphDepth, int maxNodes) {

    public OnnxLimits {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        if (maxGraphDepth < 1) throw new IllegalArgumentException("maxGraphDepth must be at least 1, got " + maxGraphDepth);
        if (maxNodes < 1) throw new IllegalArgumentException("maxNodes must be at least 1, got " + maxNodes);
    }

    /** 512 MiB, subgraphs nested 8 deep, 100 000 nodes. */
    public static OnnxLimits defaults() {
        return new OnnxLimits(512L << 20, 8, 100_000);
    }
}
