package dev.lucent.explain.testkit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;

/** Common plumbing of the analytic fixtures: shape checks and a call counter. */
public abstract class FixtureModel implements AuditableModel {
    private int predictCalls;
    private int gradientCalls;

    protected abstract float[] forward(float[] x);

    protected abstract float[] gradient(float[] x, int target);

    @Override
    public Tensor predict(Tensor batch) {
        predictCalls++;
        int n = rowsOf(batch);
        int m = sampleSize();
        int k = outputCount();
        float[] all = batch.toArray();
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++)
            System.arraycopy(forward(Arrays.copyOfRange(all, i * m, (i + 1) * m)), 0, out, i * k, k);
        return Tensor.of(out, n, k);
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        gradientCalls++;
        int n = rowsOf(batch);
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        int m = sampleSize();
        float[] all = batch.toArray();
        float[] g = new float[n * m];
        for (int i = 0; i < n; i++)
            System.arraycopy(gradient(Arrays.copyOfRange(all, i * m, (i + 1) * m), targets[i]), 0, g, i * m, m);
        return Tensor.of(g, batch.shape());
    }

    @Override
    public List<String> layerNames() {
        return List.of();
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        throw new IllegalArgumentException("no layer named " + layer + " in " + name());
    }

    public int predictCalls() {
        return predictCalls;
    }

    public int gradientCalls() {
        return gradientCalls;
    }

    protected int sampleSize() {
        int m = 1;
        for (int d : inputShape()) m *= d;
        return m;
    }

    protected int rowsOf(Tensor batch) {
        int[] s = batch.shape();
        if (!Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape()))
            throw new IllegalArgumentException("batch of shape " + Arrays.toString(s) + " for a model of input " + Arrays.toString(inputShape()));
        return s[0];
    }
}
