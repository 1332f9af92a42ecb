package dev.lucent.bench;

import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;

/**
 * Checks, before timing anything, that the explainer workloads give the same attributions on both engines, and
 * that each side's attributions satisfy their axioms (IG completeness, Shapley efficiency):
 * java --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp benchmarks.jar dev.lucent.bench.ExplainerSmoke
 */
public final class ExplainerSmoke {
    public static void main(String[] args) {
        try (ExplainerWorkloads w = new ExplainerWorkloads(new Workloads(42), BreastCancer.load())) {
            PeerSmoke.report("saliency MLP x64", w.saliencyMlp64(w.lucentMlp), w.saliencyMlp64(w.torchMlp));
            PeerSmoke.report("saliency CNN x64", w.saliencyCnn64(w.lucentCnn), w.saliencyCnn64(w.torchCnn));
            ig("IG GL50 x1", w.igMlp1(w.lucentMlp), w.igMlp1(w.torchMlp));
            ig("IG GL50 x64", w.igMlp64(w.lucentMlp), w.igMlp64(w.torchMlp));
            ShapleyResult l = w.kernelShap100(w.lucentTabular), t = w.kernelShap100(w.torchTabular);
            PeerSmoke.report("KernelSHAP x100", floats(l.values()), floats(t.values()));
            PeerSmoke.report("  f(x)", floats(l.output()), floats(t.output()));
            PeerSmoke.report("  E f(background)", floats(l.baseValue()), floats(t.baseValue()));
            System.out.printf("  efficiency: max |sum phi - (f(x) - E f)| Lucent %.3g, PyTorch %.3g%n", efficiency(l), efficiency(t));
        }
    }

    private static void ig(String what, IntegratedGradients.Result l, IntegratedGradients.Result t) {
        PeerSmoke.report(what, l.attributions(), t.attributions());
        double dl = 0, dt = 0, gap = 0;
        for (int i = 0; i < l.delta().length; i++) {
            dl = Math.max(dl, Math.abs(l.delta()[i]));
            dt = Math.max(dt, Math.abs(t.delta()[i]));
            gap = Math.max(gap, Math.abs(t.outputGap()[i]));
        }
        System.out.printf("  completeness: max |delta| Lucent %.3g, PyTorch %.3g (max |f(x) - f(0)| %.3g)%n", dl, dt, gap);
    }

    private static double efficiency(ShapleyResult r) {
        int n = r.output().length, m = r.values().length / n;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += r.values()[i * m + j];
            worst = Math.max(worst, Math.abs(s - (r.output()[i] - r.baseValue()[i])));
        }
        return worst;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private ExplainerSmoke() {
    }
}
