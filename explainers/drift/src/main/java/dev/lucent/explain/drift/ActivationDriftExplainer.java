package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.osgi.service.component.annotations.Component;

/**
 * Image drift: raw pixels drift in ways that do not matter (a brightness change the network ignores) and hide ways that
 * do, so the current images are compared with the reference images where the model sees them, on a named layer's
 * activations: maximum mean discrepancy with a permutation test ({@link Mmd}). Parameter {@code layer} (default: the
 * last named layer before the output), {@code rows} per side (default 200), {@code permutations} (default 500).
 */
@Component(service = Explainer.class)
public final class ActivationDriftExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("activation-drift", "Activation drift (images)", "1.0.0", "drift",
            "Whether the current images differ from the reference images in what a named layer of the model sees (maximum mean discrepancy).",
            Set.of(ExplainerInfo.Need.CURRENT_DATA, ExplainerInfo.Need.IMAGE_INPUT, ExplainerInfo.Need.NAMED_LAYER),
            List.of(Parameter.text("layer", "the last named layer before the output", "the named layer whose activations are compared"),
                    Parameter.whole("rows", "200", 10, 2000, "images per side compared (a seeded sample of the held-out reference and of the current)"),
                    Parameter.whole("permutations", "500", 19, 100_000, "permutations behind the MMD test's p-value"),
                    Verdicts.ALPHA, Parameters.batchSize()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        AuditableModel model = context.model();
        DataSplit cur = context.current().orElse(null);
        if (cur == null) return List.of(Verdict.notApplicable(INFO.name(), Stage.DEPLOYMENT_READINESS, "The audit was given no current data."));
        List<String> layers = model.layerNames();
        String layer = context.parameter("layer", layers.size() > 1 ? layers.get(layers.size() - 2) : layers.get(layers.size() - 1)).trim();
        if (!layers.contains(layer))
            throw new IllegalArgumentException("parameter layer: " + model.name() + " has no layer '" + layer + "'; its layers are " + layers);
        int rows = context.intParameter("rows", 200), permutations = context.intParameter("permutations", 500);
        if (rows < 10 || rows > 2000) throw new IllegalArgumentException("parameter rows must lie in 10..2000, got " + rows);
        if (permutations < 19 || permutations > 100_000) throw new IllegalArgumentException("parameter permutations must lie in 19..100000, got " + permutations);
        double alpha = Verdicts.alpha(context);
        long seed = Seeds.derive(context.seed(), INFO.id());
        SplittableRandom rng = new SplittableRandom(seed);
        // held-out reference images: a network's activations on its own training images are not those of unseen ones
        DataSplit ref = context.test().orElse(context.train());
        int n = Math.min(rows, Math.min(ref.rows(), cur.rows()));
        double[][] ra = activations(context, model, layer, ref, DomainClassifierExplainer.sample(ref.rows(), n, rng));
        double[][] ca = activations(context, model, layer, cur, DomainClassifierExplainer.sample(cur.rows(), n, rng));
        Mmd.Result r = Mmd.test(ra, ca, permutations, Seeds.derive(seed, "permutations"), (done, total) -> {
            context.checkCancelled();
            context.progress(0.5 + 0.5 * done / total, "permutation " + done + " of " + total);
        });
        String note = n + " reference (" + ref.name() + ") and " + n + " current images; layer " + layer + " (" + ra[0].length
                + " activations); Gaussian kernel, width " + Verdicts.fmt(r.sigma()) + " (median distance); p-value from " + r.permutations()
                + " permutations";
        Metric m = new Metric("Activation drift on layer " + layer + ": MMD^2", Stage.DEPLOYMENT_READINESS, "MMD^2", r.mmd2(),
                Double.NaN, Double.NaN, Double.NaN, note + "; p " + Verdicts.p(r.p()));
        Verdict v = r.p() < alpha
                ? new Verdict(INFO.name(), Stage.DEPLOYMENT_READINESS, Verdict.Outcome.FAIL, "The current images differ from the reference images "
                + "in what layer " + layer + " sees (MMD^2 " + Verdicts.fmt(r.mmd2()) + ", permutation p " + Verdicts.p(r.p()) + " < "
                + Verdicts.fmt(alpha) + ").", List.of(note), "Look at the current images (orientation, device, lighting, resolution) and re-validate the model on labelled current images.")
                : new Verdict(INFO.name(), Stage.DEPLOYMENT_READINESS, Verdict.Outcome.PASS, "The current images look like the reference images "
                + "to layer " + layer + " (permutation p " + Verdicts.p(r.p()) + ").", List.of(note), "");
        context.progress(1.0, "done");
        return List.of(m, v);
    }

    /** The layer's activations of the chosen rows, one flat vector per row. */
    private static double[][] activations(AuditContext context, AuditableModel model, String layer, DataSplit s, int[] rows)
            throws AuditCancelledException {
        int[] shape = s.features().shape();
        int m = Data.sampleSize(shape);
        float[] all = s.features().toArray();
        int batch = Batching.rows(context, m);
        double[][] out = new double[rows.length][];
        for (int start = 0; start < rows.length; start += batch) {
            context.checkCancelled();
            int end = Math.min(rows.length, start + batch);
            float[] x = new float[(end - start) * m];
            for (int i = start; i < end; i++) System.arraycopy(all, rows[i] * m, x, (i - start) * m, m);
            float[] a = model.traceLayer(layer, Tensor.of(x, Data.batchShape(end - start, model.inputShape())), new int[end - start])
                    .activations().toArray();
            int per = a.length / (end - start);
            for (int i = start; i < end; i++) {
                double[] row = new double[per];
                for (int k = 0; k < per; k++) row[k] = a[(i - start) * per + k];
                out[i] = row;
            }
        }
        return out;
    }
}
