package dev.lucent.network.onnx;

import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an imported file says about itself (the console's model page shows it): ports, producer, parameter count. */
class OnnxModelFactsTest {

    @Test
    void exportedLucentModelDeclaresItsPortsAndEveryParameter() {
        Model lucent = ExportTest.mlp();
        OnnxModel m = new OnnxImporter().read(new OnnxExporter().export(lucent));
        long expected = 0;
        for (Parameter p : lucent.namedParameters().values()) expected += p.values().length;
        // Every Lucent parameter, plus the three scalars (sqrt 2, 1, 0.5) the exporter writes for the exact GELU.
        assertEquals(expected + 3, m.parameterCount(), "float initializers: the Lucent parameters and the GELU constants");
        assertEquals("lucent", m.producerName());
        assertEquals("", m.producerVersion());
        List<OnnxModel.Port> in = m.graphInputs();
        assertEquals(1, in.size());
        assertEquals("FLOAT", in.get(0).elementType());
        assertArrayEquals(new long[]{-1, 20}, in.get(0).dims(), "symbolic batch, 20 features");
        assertArrayEquals(new long[]{-1, 4}, m.graphOutputs().get(0).dims());
    }

    @Test
    void pytorchExportNamesItsProducerAndVersion() throws Exception {
        byte[] bytes = Files.readAllBytes(ConformanceTest.root().resolve("pytorch-converted/test_Linear/model.onnx"));
        OnnxModel m = new OnnxImporter().read(bytes);
        assertEquals("pytorch", m.producerName());
        // producer_version is field 3 of ModelProto: tag 0x1a, a length, then the text (written by PyTorch's exporter).
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("pytorch") + "pytorch".length();
        assertEquals(0x1a, bytes[at]);
        assertEquals(text.substring(at + 2, at + 2 + bytes[at + 1]), m.producerVersion());
        assertTrue(!m.producerVersion().isEmpty());
        // Gemm weight [out, in] and bias [out]: the parameter count is out * (in + 1).
        long[] x = m.graphInputs().get(0).dims(), y = m.graphOutputs().get(0).dims();
        assertEquals(y[1] * (x[1] + 1), m.parameterCount());
        assertEquals(x[0], y[0], "a fixed batch, as PyTorch exported it");
        OnnxModel back = new OnnxImporter().read(m.toOnnx());
        assertEquals(m.producerName(), back.producerName(), "written back with its producer");
        assertEquals(m.producerVersion(), back.producerVersion());
        assertEquals(m.parameterCount(), back.parameterCount());
    }
}
