package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Joins several graph branches: element-wise sum, or concatenation along an axis. */
public final class Merge extends Layer {
    private final boolean concat;
    private final int axis;
    private final int arity;

    private Merge(boolean concat, int axis, int arity) {
        if (arity < 2) throw new IllegalArgumentException("a merge joins at least two inputs, got " + arity);
        this.concat = concat;
        this.axis = axis;
        this.arity = arity;
    }

    public static Merge add(int inputs) {
        return new Merge(false, 0, inputs);
    }

    public static Merge concat(int axis, int inputs) {
        return new Merge(true, axis, inputs);
    }

    public String type() {
        return concat ? "concat" : "add";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("axis", "" + axis);
        c.put("inputs", "" + arity);
        return c;
    }

    public int arity() {
        return arity;
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        if (inputs.length != arity) throw new IllegalArgumentException(type() + " takes " + arity + " inputs, got " + inputs.length);
        if (concat) return Tensor.concat(axis, inputs);
        Tensor y = inputs[0];
        for (int i = 1; i < inputs.length; i++) y = y.add(inputs[i]);
        return y;
    }
}
