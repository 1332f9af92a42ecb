package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Max or average 2-D pooling with a square window; kernel 0 means global (over all spatial positions). */
public final class Pool2d extends Layer {
    private final boolean max;
    private final int kernel, stride, padding;

    private Pool2d(boolean max, int kernel, int stride, int padding) {
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    public static Pool2d max(int kernel, int stride) {
        return new Pool2d(true, kernel, stride, 0);
    }

    public static Pool2d avg(int kernel, int stride) {
        return new Pool2d(false, kernel, stride, 0);
    }

    public static Pool2d globalAvg() {
        return new Pool2d(false, 0, 1, 0);
    }

    public static Pool2d globalMax() {
        return new Pool2d(true, 0, 1, 0);
    }

    static Pool2d of(boolean max, int kernel, int stride, int padding) {
        return new Pool2d(max, kernel, stride, padding);
    }

    public String type() {
        return max ? "max_pool2d" : "avg_pool2d";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kernel", "" + kernel);
        c.put("stride", "" + stride);
        c.put("padding", "" + padding);
        return c;
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        Tensor x = single(this, inputs);
        if (kernel == 0) return max ? x.globalMaxPool() : x.globalAvgPool();
        return max ? x.maxPool2d(kernel, stride, padding) : x.avgPool2d(kernel, stride, padding);
    }
}
