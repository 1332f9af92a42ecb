package dev.lucent.network.onnx;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.BatchNorm;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Dropout;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Init;
import dev.lucent.network.api.training.LayerNorm;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Merge;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lucent models exported to ONNX: ONNX Runtime reproduces Lucent's outputs (within 1e-5), and the
 * exported file imported back gives the same outputs and the same input gradients as the engine's own
 * autodiff (two independent implementations).
 */
class ExportTest {

    static void randomize(Model m, long seed) {
        // Non-trivial batch-norm statistics and biases, so the export of every parameter is exercised.
        Random r = new Random(seed);
        for (Parameter p : m.namedParameters().values()) {
            float[] v = p.values();
            boolean var = p.name().equals("running_var"), gamma = p.name().equals("gamma");
            for (int i = 0; i < v.length; i++)
                v[i] = var ? 0.5f + r.nextFloat() : gamma ? 0.8f + 0.4f * r.nextFloat()
                        : p.name().equals("weight") ? v[i] : (float) (0.2 * r.nextGaussian());
            p.assign(v);
        }
    }

    static Model mlp() {
        Model m = Model.builder("lucent_mlp", OutputKind.CLASS_LOGITS, 20)
                .add("fc1", new Linear(20, 32, true, Init.HE_NORMAL, 1))
                .add("act1", Activation.relu())
                .add("drop", new Dropout(0.3f))
                .add("fc2", new Linear(32, 16, true, Init.XAVIER_UNIFORM, 2))
                .add("norm", new LayerNorm(1e-5f, 16))
                .add("act2", Activation.gelu())
                .add("fc3", new Linear(16, 4, true, Init.XAVIER_UNIFORM, 3))
                .seed(7).build();
        randomize(m, 1);
        return m;
    }

    static Model cnn() {
        Model m = Model.builder("lucent_cnn", OutputKind.CLASS_LOGITS, 1, 12, 12)
                .add("conv1", new Conv2d(1, 6, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 4))
                .add("bn1", new BatchNorm(6))
                .add("relu1", Activation.relu())
                .add("pool1", Pool2d.max(2, 2))
                .add("conv2", new Conv2d(6, 6, 3, 1, 1, 1, 2, true, Init.HE_NORMAL, 5))
                .add("tanh2", Activation.tanh())
                .add("skip", Merge.add(2), "conv2", "pool1")
                .add("act", Activation.elu(1f))
                .add("pool2", Pool2d.avg(2, 2))
                .add("gap", Pool2d.globalAvg())
                .add("fc", new Linear(6, 3, true, Init.XAVIER_UNIFORM, 6))
                .seed(9).build();
        randomize(m, 2);
        return m;
    }

    static Model flatCnn() {
        Model m = Model.builder("lucent_flat_cnn", OutputKind.CLASS_LOGITS, 2, 8, 8)
                .add("conv", new Conv2d(2, 4, 3, 2, 0, 1, 1, true, Init.HE_NORMAL, 4))
                .add("act", Activation.leakyRelu(0.1f))
                .add("flat", new Flatten())
                .add("fc", new Linear(36, 2, true, Init.XAVIER_UNIFORM, 6))
                .add("sp", Activation.softplus())
                .seed(3).build();
        randomize(m, 3);
        return m;
    }

    @Test
    void exportedModelsRunInOnnxRuntimeWithLucentsOutputsAndReimportWithItsGradients() throws Exception {
        OnnxExporter exporter = new OnnxExporter();
        OnnxImporter importer = new OnnxImporter();
        for (Model model : List.of(mlp(), cnn(), flatCnn())) {
            byte[] bytes = exporter.export(model);
            Tensor batch = OnnxModelFaceTest.randomBatch(5, model.inputShape(), 17);
            float[] lucent = model.predict(batch).toArray();
            float[] ort;
            try (Ort o = new Ort(bytes)) {
                ort = o.run(NdArray.floats(batch.shape(), batch.toArray())).f;
            }
            assertEquals(lucent.length, ort.length);
            double worst = 0;
            for (int i = 0; i < ort.length; i++) worst = Math.max(worst, Math.abs(lucent[i] - ort[i]) / (1 + Math.abs(ort[i])));
            System.out.printf("export %s: Lucent vs ONNX Runtime max scaled diff %.2e%n", model.name(), worst);
            assertTrue(worst <= 1e-5, model.name() + " differs from ONNX Runtime by " + worst);

            OnnxModel back = importer.read(bytes);
            // Every Lucent layer is a layer of the re-imported graph, in the same order.
            assertEquals(model.layerNames(), back.layerNames().stream().filter(model.layerNames()::contains).toList());
            float[] again = back.predict(batch).toArray();
            for (int i = 0; i < again.length; i++) assertEquals(lucent[i], again[i], 1e-5 * (1 + Math.abs(lucent[i])));
            int k = model.outputCount();
            int[] targets = {0, 1 % k, 2 % k, 1 % k, 0};
            float[] gL = model.inputGradient(batch, targets).toArray(), gI = back.inputGradient(batch, targets).toArray();
            double num = 0, den = 0;
            for (int i = 0; i < gL.length; i++) {
                num += (gL[i] - gI[i]) * (gL[i] - gI[i]);
                den += gL[i] * gL[i];
            }
            double rel = Math.sqrt(num / den);
            System.out.printf("export %s: input gradients, Lucent engine vs re-imported graph, relative error %.2e%n", model.name(), rel);
            assertTrue(rel < 1e-4, "gradient relative error " + rel);
        }
    }
}
