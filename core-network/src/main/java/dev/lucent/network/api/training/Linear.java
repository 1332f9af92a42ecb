package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** y = x W + b with W [in, out] (so the forward product needs no transpose). */
public final class Linear extends Layer {
    private final int in, out;
    private final boolean hasBias;
    private final Init init;
    private final Parameter weight, bias;

    public Linear(int in, int out) {
        this(in, out, true, Init.HE_NORMAL, 0L);
    }

    public Linear(int in, int out, boolean bias, Init init, long seed) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Linear needs positive sizes, got " + in + " -> " + out);
        this.in = in;
        this.out = out;
        this.hasBias = bias;
        this.init = init;
        this.weight = new Parameter("weight", init.draw(seed, in, out, in, out), true, true);
        this.bias = bias ? new Parameter("bias", Tensor.zeros(out), true, false) : null;
    }

    public String type() {
        return "linear";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("in", "" + in);
        c.put("out", "" + out);
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
        Tensor x = single(this, inputs);
        if (x.dim(-1) != in) throw new IllegalArgumentException("Linear expects " + in + " features, got shape " + java.util.Arrays.toString(x.shape()));
        Tensor y = x.matmul(weight.value);
        return bias == null ? y : y.add(bias.value);
    }

    public void initialize(long seed) {
        weight.assign(init.draw(seed, in, out, in, out).toArray());
        if (bias != null) bias.assign(new float[out]);
    }
}
