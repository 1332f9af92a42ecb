package dev.lucent.audit.runner;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.List;

/** A model that passes every call to another; subclasses change the calls they are about. */
abstract class DelegatingModel implements AuditableModel {
    protected final AuditableModel inner;

    DelegatingModel(AuditableModel inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int[] inputShape() {
        return inner.inputShape();
    }

    @Override
    public int outputCount() {
        return inner.outputCount();
    }

    @Override
    public OutputKind outputKind() {
        return inner.outputKind();
    }

    @Override
    public Tensor predict(Tensor batch) {
        return inner.predict(batch);
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        return inner.inputGradient(batch, targets);
    }

    @Override
    public Tensor weightedInputGradient(Tensor batch, Tensor weights) {
        return inner.weightedInputGradient(batch, weights);
    }

    @Override
    public List<String> layerNames() {
        return inner.layerNames();
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        return inner.traceLayer(layer, batch, targets);
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        return inner.withRandomizedLayers(layers, seed);
    }
}
