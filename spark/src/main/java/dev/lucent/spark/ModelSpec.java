package dev.lucent.spark;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import java.io.Serializable;
import java.util.List;

/**
 * What is broadcast to the executors: the model file's bytes (not a built model, which is neither small nor
 * serializable) and what the driver decided about it: its format, how its output is read, the data's schema.
 */
record ModelSpec(String fileName, byte[] bytes, boolean onnx, OutputKind outputKind, List<String> features, String label,
                 List<String> classes) implements Serializable {

    ModelSpec {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
    }

    /** The data's schema as explainers read it: one value per feature column. */
    DatasetSchema schema() {
        return new DatasetSchema(features, label, classes, new int[] {features.size()});
    }

    /** A model built from the bytes, with the standardization its inputs get (null when the CSV's values go in as they are). */
    record Built(AuditableModel model, Standardizer standardization) {
    }

    Built build() {
        if (onnx) {
            OnnxModel m = new OnnxImporter().read(bytes);
            return new Built(m.outputKind() == outputKind ? m : m.withOutputKind(outputKind), null);
        }
        try {
            ModelFile.Saved saved = ModelFile.fromBytes(bytes);
            Preprocessing pre = saved.preprocessing();
            return new Built(saved.model(), pre == null || pre.mean().length == 0 ? null : new Standardizer(pre.mean(), pre.std()));
        } catch (dev.lucent.network.api.training.ModelFormatException e) {
            throw new IllegalArgumentException(fileName + ": " + e.getMessage(), e);
        }
    }
}
