package dev.lucent.audit.runner;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How a Lucent model is trained again for the explainers that retrain (same architecture, fresh weights, the settings
 * it was trained with), in the worker and in the Spark runner's driver alike. An imported ONNX model has none: Lucent
 * audits imported graphs, it does not train them.
 */
public final class Retraining {
    private Retraining() {
    }

    /** The retrainer of a saved Lucent model whose data has this schema; {@code cancelled} stops the training. */
    public static AuditContext.Retrainer of(ModelFile.Saved saved, DatasetSchema schema, BooleanSupplier cancelled) {
        Model original = saved.model();
        Map<String, String> meta = saved.metadata();
        Loss loss = original.outputKind() == OutputKind.BINARY_LOGIT ? Loss.BINARY_CROSS_ENTROPY
                : schema.isClassification() ? Loss.CROSS_ENTROPY : Loss.MSE;
        float l2 = Float.parseFloat(meta.getOrDefault("l2", "0"));
        return (train, validation, epochs, s) -> {
            Model fresh = original.withRandomizedLayers(original.layerNames(), s);
            TrainingConfig cfg = TrainingConfig.builder(loss).optimizer(Optimizer.adam()).learningRate(1e-3f)
                    .epochs(Math.max(1, epochs)).batchSize(32).seed(s).l2(l2).cancelled(cancelled).build();
            TrainingHistory h = Trainer.fit(fresh, train, validation, cfg);
            return new AuditContext.Retrained(fresh, h);
        };
    }
}
