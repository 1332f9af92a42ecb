package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 2-D convolution over [N, C, H, W] with square kernel, stride, padding, dilation and groups. */
public final class Conv2d extends Layer {
    private final int in, out, kernel, stride, padding, dilation, groups;
    private final boolean hasBias;
    private final Init init;
    private final Parameter weight, bias;

    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0, 1, 1, true, Init.HE_NORMAL, 0L);
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias, Init init, long seed) {
        if (in % groups != 0 || out % groups != 0) throw new IllegalArgumentException("groups " + groups + " must divide channels " + in + " and " + out);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.hasBias = bias;
        this.init = init;
        this.weight = new Parameter("weight", draw(seed), true, true);
        this.bias = bias ? new Parameter("bias", Tensor.zeros(out), true, false) : null;
    }

    private Tensor draw(long seed) {
        int fanIn = in / groups * kernel * kernel, fanOut = out / groups * kernel * kernel;
        return init.draw(seed, fanIn, fanOut, out, in / groups, kernel, kernel);
    }

    public String type() {
        return "conv2d";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("in", "" + in);
        c.put("out", "" + out);
        c.put("kernel", "" + kernel);
        c.put("stride", "" + stride);
        c.put("padding", "" + padding);
        c.put("dilation", "" + dilation);
        c.put("groups", "" + groups);
        c.put("bias", "" + hasBias);
        c.put("init", init.name());
        return c;
    }

    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) p.add(bias);
        return p;
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        return single(this, inputs).conv2d(weight.value, bias == null ? null : bias.value, stride, padding, dilation, groups);
    }

    public void initialize(long seed) {
        weight.assign(draw(seed).toArray());
        if (bias != null) bias.assign(new float[out]);
    }
}
