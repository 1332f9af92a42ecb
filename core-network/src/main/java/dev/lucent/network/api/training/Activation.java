package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parameter-free element-wise non-linearity. */
public final class Activation extends Layer {
    public enum Kind { RELU, LEAKY_RELU, ELU, GELU, SIGMOID, TANH, SOFTPLUS }

    private final Kind kind;
    private final float alpha;

    public Activation(Kind kind, float alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    public static Activation relu() { return new Activation(Kind.RELU, 0f); }
    public static Activation leakyRelu(float slope) { return new Activation(Kind.LEAKY_RELU, slope); }
    public static Activation elu(float alpha) { return new Activation(Kind.ELU, alpha); }
    public static Activation gelu() { return new Activation(Kind.GELU, 0f); }
    public static Activation sigmoid() { return new Activation(Kind.SIGMOID, 0f); }
    public static Activation tanh() { return new Activation(Kind.TANH, 0f); }
    public static Activation softplus() { return new Activation(Kind.SOFTPLUS, 0f); }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return "activation";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kind", kind.name());
        c.put("alpha", "" + alpha);
        return c;
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        Tensor x = single(this, inputs);
        return switch (kind) {
            case RELU -> x.relu();
            case LEAKY_RELU -> x.leakyRelu(alpha);
            case ELU -> x.elu(alpha);
            case GELU -> x.gelu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTPLUS -> x.softplus();
        };
    }

    public boolean isRelu() {
        return kind == Kind.RELU;
    }
}
