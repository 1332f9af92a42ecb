package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.AttributionFindings;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * LIME (Ribeiro, Singh and Guestrin 2016, "Why should I trust you?") as a Lucent plugin: for a few rows, a
 * sparse linear model fitted to the model's behaviour around that row explains the prediction. Tabular rows
 * and images alike; the fit's weighted R^2 says how far the local linear story can be trusted.
 *
 * <p>Registered as an {@link Explainer} DS component; its defaults ({@link LimeConfig}) are overridden by an
 * audit's parameters, never by configuration (Lucent has none).
 */
@Component(service = Explainer.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class LimeExplainer implements Explainer {

    static final String PID = "dev.lucent.plugin.lime";
    static final String ID = "lime";
    static final String TITLE = "LIME local surrogates";
    /** Below this mean R^2 the local surrogates explain too little of the model to be relied on. */
    static final double FIDELITY_WARNING = 0.5;

    private final Settings defaults;

    @Activate
    public LimeExplainer(LimeConfig config) {
        this(Settings.of(config));
    }

    LimeExplainer(Settings defaults) {
        this.defaults = defaults;
    }

    @Override
    public ExplainerInfo info() {
        return new ExplainerInfo(ID, TITLE, "1.0.0", "feature attribution",
                "Explains single predictions by fitting a sparse linear model to the model's answers on perturbed copies"
                        + " of the row (" + defaults.samples() + " samples per row, " + defaults.imageSamples()
                        + " per image, top " + defaults.topK() + " features kept).",
                Set.of(), defaults.declared());
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Settings s = defaults.with(context);
        AuditableModel model = context.model();
        DatasetSchema schema = context.schema();
        DataSplit data = context.test().orElse(context.train());
        int[] shape = model.inputShape();
        int size = 1;
        for (int v : shape) size *= v;
        boolean image = shape.length == 3;
        if (shape.length != 1 && !image)
            return List.of(Verdict.notApplicable(TITLE, Stage.EXPLANATIONS, "inputs of shape " + Arrays.toString(shape) + " are neither rows of features nor images [channels, height, width]"));
        if (!image && schema.featureNames().size() != size)
            return List.of(Verdict.notApplicable(TITLE, Stage.EXPLANATIONS, "the data names " + schema.featureNames().size() + " features but the model takes " + size));
        if (data.rows() == 0) return List.of(Verdict.notApplicable(TITLE, Stage.EXPLANATIONS, "the " + data.name() + " split has no rows"));
        float[] all = data.features().toArray();
        if (all.length != data.rows() * size)
            return List.of(Verdict.notApplicable(TITLE, Stage.EXPLANATIONS, "rows of the " + data.name() + " split do not have the model's input size " + size));

        int rows = Math.min(s.rows(), data.rows());
        Tensor inputs = Tensor.of(Arrays.copyOf(all, rows * size), Scores.batchShape(rows, shape));
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) targets[r] = Scores.target(model, Arrays.copyOfRange(all, r * size, (r + 1) * size), shape);
        Lime lime = new Lime(s, image ? null : spread(context.train()), context.seed());
        List<Lime.Fit> fitted = lime.fit(model, inputs, targets, Monitor.of(context));
        // the standard attribution findings, as Lucent's built-in methods give them
        List<Finding> findings = new ArrayList<>(AttributionFindings.of(context, "LIME", lime.attributions(fitted), inputs,
                targets, rows, target -> Scores.describe(model, target, schema.classNames())));
        List<List<String>> fits = new ArrayList<>();
        double r2Sum = 0;
        for (int r = 0; r < rows; r++) {
            Lime.Fit fit = fitted.get(r);
            fits.add(List.of(Integer.toString(r), Scores.describe(model, targets[r], schema.classNames()),
                    Integer.toString(image ? s.imageSamples() : s.samples()), fit.kept(), Lime.fmt(fit.r2())));
            r2Sum += fit.r2();
        }
        findings.add(new Table("LIME local fits", Stage.EXPLANATIONS,
                List.of("Row", "Explained output", "Samples", "Kept", "Weighted R^2"), fits,
                "R^2 near 1: the sparse linear model reproduces the model around the row; near 0: it does not"));
        double meanR2 = r2Sum / rows;
        boolean faithful = meanR2 >= FIDELITY_WARNING;
        findings.add(new Verdict("LIME explanations are faithful locally", Stage.EXPLANATIONS,
                faithful ? Verdict.Outcome.PASS : Verdict.Outcome.WARN,
                "mean weighted R^2 of the local fits is " + Lime.fmt(meanR2) + " over " + rows + " rows",
                List.of("threshold " + FIDELITY_WARNING, rows + " rows of the " + data.name() + " split"),
                faithful ? "" : "the model is far from linear near these rows: raise topK or lower kernelWidth, and"
                        + " read LIME's weights as rough hints only"));
        return findings;
    }

    /** Each feature's standard deviation in the training data. */
    static double[] spread(DataSplit train) {
        int n = train.rows();
        float[] v = train.features().toArray();
        int d = n == 0 ? 0 : v.length / n;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += v[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= Math.max(1, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double c = v[i * d + j] - mean[j];
                sd[j] += c * c;
            }
        for (int j = 0; j < d; j++) sd[j] = n > 1 ? Math.sqrt(sd[j] / (n - 1)) : 0;
        return sd;
    }
}
