package dev.lucent.network.api.training;

import dev.lucent.network.internal.TensorStorage;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates trainable parameters from their gradients. Weight decay here is decoupled (AdamW style):
 * w -= lr * decay * w on decaying weights, separate from the gradient. State is kept per parameter.
 */
public final class Optimizer {
    public enum Kind { SGD, ADAM }

    private final Kind kind;
    private final float momentum, beta1, beta2, eps, weightDecay;
    private final boolean nesterov;
    private final Map<Parameter, float[][]> state = new IdentityHashMap<>();
    private long steps;

    private Optimizer(Kind kind, float momentum, boolean nesterov, float beta1, float beta2, float eps, float weightDecay) {
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov needs momentum > 0");
        this.kind = kind;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public static Optimizer sgd() {
        return new Optimizer(Kind.SGD, 0f, false, 0, 0, 0, 0f);
    }

    public static Optimizer sgd(float momentum, boolean nesterov) {
        return new Optimizer(Kind.SGD, momentum, nesterov, 0, 0, 0, 0f);
    }

    public static Optimizer adam() {
        return new Optimizer(Kind.ADAM, 0f, false, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /** Adam with decoupled weight decay. */
    public static Optimizer adamW(float weightDecay) {
        return new Optimizer(Kind.ADAM, 0f, false, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /** The same optimizer with decoupled weight decay (works for SGD too). */
    public Optimizer withWeightDecay(float decay) {
        return new Optimizer(kind, momentum, nesterov, beta1, beta2, eps, decay);
    }

    public Kind kind() {
        return kind;
    }

    public float weightDecay() {
        return weightDecay;
    }

    /** Forgets momentum and moment estimates. */
    public void reset() {
        state.clear();
        steps = 0;
    }

    /** One update of every trainable parameter that has a gradient. */
    public void step(List<Parameter> params, float lr) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps), bc2 = 1 - Math.pow(beta2, steps);
        for (Parameter p : params) {
            float[] g = TensorStorage.gradient(p.value);
            if (!p.trainable() || g == null) continue;
            float[] w = p.data();
            if (weightDecay > 0 && p.decays()) {
                float f = 1f - lr * weightDecay;
                for (int i = 0; i < w.length; i++) w[i] *= f;
            }
            if (kind == Kind.SGD) {
                if (momentum == 0f) {
                    for (int i = 0; i < w.length; i++) w[i] -= lr * g[i];
                    continue;
                }
                float[] v = state.computeIfAbsent(p, k -> new float[][]{new float[w.length]})[0];
                for (int i = 0; i < w.length; i++) {
                    v[i] = momentum * v[i] + g[i];
                    w[i] -= lr * (nesterov ? g[i] + momentum * v[i] : v[i]);
                }
            } else {
                float[][] s = state.computeIfAbsent(p, k -> new float[][]{new float[w.length], new float[w.length]});
                float[] m = s[0], v = s[1];
                float a = (float) (lr / bc1);
                float c2 = (float) (1 / Math.sqrt(bc2));
                for (int i = 0; i < w.length; i++) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    w[i] -= a * m[i] / ((float) Math.sqrt(v[i]) * c2 + eps);
                }
            }
        }
    }
}
