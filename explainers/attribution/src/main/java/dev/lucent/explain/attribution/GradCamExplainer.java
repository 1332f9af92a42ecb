package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.core.GradCam;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Grad-CAM on a convolutional layer: the one named by parameter {@code layer}, else the last layer whose
 * activations are a feature map and which is not a pooling layer. Models without one get a NOT_APPLICABLE verdict. Also {@code rows} (8),
 * {@code shown} (4), {@code target}.
 */
@Component(service = Explainer.class)
public final class GradCamExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("grad-cam", "Grad-CAM", "1.0.0", "feature attribution",
            "Which regions of the image the last convolutional layer found evidence for the predicted class in, "
                    + "weighted by how much the class score depends on each feature map.",
            Set.of(ExplainerInfo.Need.GRADIENTS, ExplainerInfo.Need.NAMED_LAYER, ExplainerInfo.Need.IMAGE_INPUT),
            Parameters.of(Parameters.explained(8), List.of(Parameter.text("layer", "the last convolutional layer", "the convolutional layer whose activations are weighed"))));

    public GradCamExplainer() {
        super(INFO, "Grad-CAM", 8);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        AuditableModel model = context.model();
        Explained e = rows(context);
        Tensor first = Data.firstRows(e.inputs(), 1);
        String named = context.parameter("layer", "").trim();
        String layer;
        if (!named.isEmpty()) {
            if (!model.layerNames().contains(named))
                throw new IllegalArgumentException("parameter layer: " + model.name() + " has no layer '" + named
                        + "'; its layers are " + model.layerNames());
            if (!GradCam.isConvolutional(model, named, first))
                return List.of(Verdict.notApplicable("Grad-CAM", Stage.EXPLANATIONS, "Layer " + named + " of " + model.name() + " is not convolutional (its activations are not "
                        + "[n, channels, height, width]).", "Name a convolutional layer; the model's layers are " + model.layerNames() + "."));
            layer = named;
        } else {
            Optional<String> found = lastConvolutional(model, first, context);
            if (found.isEmpty())
                return List.of(Verdict.notApplicable("Grad-CAM", Stage.EXPLANATIONS, model.name() + " has no convolutional layer (none of " + model.layerNames()
                        + " produces a feature map), so there is nothing for Grad-CAM to weigh.",
                        "Use integrated gradients, SmoothGrad or occlusion for this model."));
            layer = found.get();
        }
        return findings(context, e, "Grad-CAM", new GradCam(layer, e.batchRows()));
    }

    /** Only reached through {@link #explain}, which picks the layer first. */
    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        throw new UnsupportedOperationException("Grad-CAM picks its layer in explain");
    }

    /**
     * The last layer whose activations are a feature map, skipping pooling layers (by name) when another
     * feature map exists: like pytorch-grad-cam's advice to take the last convolutional block before the
     * pooling, since a pooled map has the coarsest resolution.
     */
    private static Optional<String> lastConvolutional(AuditableModel model, Tensor first, AuditContext context)
            throws AuditCancelledException {
        List<String> layers = model.layerNames();
        String pooled = null;
        for (int i = layers.size() - 1; i >= 0; i--) {
            context.checkCancelled();
            String name = layers.get(i);
            if (!GradCam.isConvolutional(model, name, first)) continue;
            if (!name.toLowerCase(java.util.Locale.ROOT).contains("pool")) return Optional.of(name);
            if (pooled == null) pooled = name;
        }
        return Optional.ofNullable(pooled);
    }

}
