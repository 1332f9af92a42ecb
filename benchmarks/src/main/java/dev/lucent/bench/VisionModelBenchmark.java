package dev.lucent.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.api.onnx.OnnxModel;
import dev.lucent.network.kernel.Parallel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Real vision models (issue 12): one forward pass of a 224x224 image through a torchvision model with random
 * weights, once imported into Lucent and once in ONNX Runtime, same file and same input, in the same JVM.
 * The peer is ORT as its users run it: all graph optimizations on (it fuses Conv+Add+Relu, picks its own
 * layouts), intra-op threads set to the thread count, inter-op 1, sequential execution; the input tensor is
 * made once, as a serving loop would. The models come from {@code scripts/vision-models.py --opsets 13} (the set VisionModelsTest checks);
 * {@code -Dlucent.visionModels=DIR} says where (default {@code benchmarks/target/vision-models}). The input is the
 * image the script wrote beside each model ({@code NAME.input.f32}), which {@code benchmarks/torch_vision_peer.py}
 * also reads: the three engines see the same pixels ({@link VisionModelPairs}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class VisionModelBenchmark {

    @Param({"resnet18", "resnet50", "mobilenet_v2", "shufflenet_v2_x1_0", "squeezenet1_1", "densenet121"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private OnnxModel lucent;
    private Tensor image;
    private OrtEnvironment env;
    private OrtSession ort;
    private OnnxTensor ortImage;
    private String ortInput;
    private long[] shape;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Path.of(System.getProperty("lucent.visionModels", "benchmarks/target/vision-models"));
        Path file = dir.resolve(model + "-op13.onnx"), input = dir.resolve(model + ".input.f32");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(input))
            throw new IllegalStateException(file + " or its input is missing: run /usr/bin/python3 scripts/vision-models.py --out "
                    + dir + " --models " + model + " --opsets 13 first");
        lucent = new OnnxImporter(new OnnxLimits(1L << 30, 8, 100_000)).read(file);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(input)).order(ByteOrder.LITTLE_ENDIAN);
        float[] pixels = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(pixels);
        int side = (int) Math.round(Math.sqrt(pixels.length / 3.0)); // 224, or 299 for Inception v3
        shape = new long[]{1, 3, side, side};
        image = Tensor.of(pixels, 1, 3, side, side);
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        ort = env.createSession(file.toString(), options);
        ortInput = ort.getInputNames().iterator().next();
        ortImage = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels.clone()), shape);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        ortImage.close();
        ort.close();
    }

    @Benchmark
    public float[] lucent() {
        return Parallel.withThreads(threads, () -> lucent.predict(image).toArray());
    }

    /** d logit[0] / d image, one backward pass (ORT has no gradients: measured against Lucent's own forward). */
    @Benchmark
    public float[] lucentInputGradient() {
        return Parallel.withThreads(threads, () -> lucent.inputGradient(image, new int[]{0}).toArray());
    }

    @Benchmark
    public float[] onnxRuntime() throws OrtException {
        try (OrtSession.Result r = ort.run(Map.of(ortInput, ortImage))) {
            return ((float[][]) r.get(0).getValue())[0];
        }
    }
}
