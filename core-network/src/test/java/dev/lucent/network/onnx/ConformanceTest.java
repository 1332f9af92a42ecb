package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every ONNX backend case exported from PyTorch (src/test/resources/onnx-conformance, copied
 * from ../shared with its README and licence notice) and compares with the expected outputs at
 * rtol 1e-3, atol 1e-5. An unsupported case must fail with the unsupported-operator error.
 */
class ConformanceTest {
    static final double RTOL = 1e-3, ATOL = 1e-5;

    static Path root() {
        return Path.of("src/test/resources/onnx-conformance");
    }

    static List<Path> cases() throws IOException {
        List<Path> r = new ArrayList<>();
        for (String group : new String[]{"pytorch-converted", "pytorch-operator"})
            try (Stream<Path> s = Files.list(root().resolve(group))) {
                s.filter(Files::isDirectory).sorted().forEach(r::add);
            }
        return r;
    }

    static NdArray[] load(Path dir, String prefix) throws IOException {
        List<NdArray> r = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve(prefix + i + ".pb")); i++)
            r.add(ProtoReader.readTensor(Files.readAllBytes(dir.resolve(prefix + i + ".pb")), OnnxLimits.defaults()).value());
        return r.toArray(NdArray[]::new);
    }

    /** Null when every element matches; else the first mismatch described. */
    static String compare(NdArray got, NdArray want) {
        if (!java.util.Arrays.equals(got.shape, want.shape))
            return "shape " + java.util.Arrays.toString(got.shape) + " vs expected " + java.util.Arrays.toString(want.shape);
        for (int i = 0; i < want.size(); i++) {
            double g = got.get(i), w = want.get(i);
            if (g == w || (Double.isNaN(g) && Double.isNaN(w))) continue; // infinities and NaNs must agree exactly
            if (!(Math.abs(g - w) <= ATOL + RTOL * Math.abs(w)))
                return "element " + i + ": " + g + " vs expected " + w;
        }
        return null;
    }

    @Test
    void everyConformanceCasePassesOrIsRefusedAsUnsupported() throws IOException {
        List<Path> cases = cases();
        assertEquals(117, cases.size(), "conformance cases found");
        int pass = 0, unsupported = 0;
        List<String> failed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path c : cases) {
            String name = c.getFileName().toString();
            try {
                OnnxGraphModel m = OnnxGraphModel.load(Files.readAllBytes(c.resolve("model.onnx")), OnnxLimits.defaults());
                Path data = c.resolve("test_data_set_0");
                NdArray[] in = load(data, "input_"), want = load(data, "output_");
                NdArray[] got = m.runArrays(in);
                String problem = got.length < want.length ? "too few outputs" : null;
                for (int i = 0; problem == null && i < want.length; i++) problem = compare(got[i], want[i]);
                if (problem == null) pass++;
                else failed.add(name + ": " + problem);
            } catch (OnnxException e) {
                if (e.getMessage().startsWith("unsupported ONNX operator") || e.getMessage().startsWith("unsupported attribute")) {
                    unsupported++;
                    refused.add(name + ": " + e.getMessage());
                } else {
                    failed.add(name + ": " + e.getMessage());
                }
            } catch (RuntimeException e) {
                failed.add(name + ": " + e);
            }
        }
        refused.forEach(s -> System.out.println("  unsupported " + s));
        failed.forEach(s -> System.out.println("  FAILED " + s));
        System.out.println("ONNX conformance: " + pass + "/" + cases.size() + " passed, " + unsupported + " unsupported, " + failed.size() + " failed");
        assertEquals(List.of(), failed);
        assertTrue(pass >= 95, "at least 95 cases pass, got " + pass);
    }
}
