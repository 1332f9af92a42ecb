package dev.lucent.explain.testkit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import java.util.List;

/**
 * f(x) = 1 - ReLU(1 - x), the sensitivity counterexample of Sundararajan et al. (2017): at x = 2 the
 * output differs from the baseline 0 by 1, yet the gradient there is 0.
 */
public final class ReluCounterexample extends FixtureModel {

    @Override
    public String name() {
        return "1 - ReLU(1 - x)";
    }

    @Override
    public int[] inputShape() {
        return new int[]{1};
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public OutputKind outputKind() {
        return OutputKind.REGRESSION;
    }

    @Override
    protected float[] forward(float[] x) {
        return new float[]{1f - Math.max(0f, 1f - x[0])};
    }

    @Override
    protected float[] gradient(float[] x, int target) {
        // d/dx [1 - ReLU(1 - x)] = 1 where 1 - x > 0, else 0 (PyTorch's ReLU'(0) = 0)
        return new float[]{1f - x[0] > 0 ? 1f : 0f};
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        return this;
    }
}
