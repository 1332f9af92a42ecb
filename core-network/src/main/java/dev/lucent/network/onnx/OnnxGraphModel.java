package dev.lucent.network.onnx;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.api.onnx.OnnxModel;
import dev.lucent.network.internal.BatchArena;
import dev.lucent.network.internal.StepArena;
import dev.lucent.network.internal.TensorStorage;
import dev.lucent.network.internal.TargetSeed;
import dev.lucent.network.onnx.Defs.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The {@link OnnxModel} over a compiled {@link Program}. Immutable: every call works on its own arrays. */
public final class OnnxGraphModel implements OnnxModel {
    private final Defs.Model source;
    private final Program program;
    private final OutputKind kind;
    private final int outputCount;
    private final int head; // the value read as the model's raw outputs (logits when the graph ends in a softmax)
    private final BatchArena arenas = new BatchArena();

    private OnnxGraphModel(Defs.Model source, Program program, OutputKind kind, int outputCount, int head) {
        this.source = source;
        this.program = program;
        this.kind = kind;
        this.outputCount = outputCount;
        this.head = head;
    }

    /** Decodes, validates and compiles an ONNX file. */
    public static OnnxGraphModel load(byte[] bytes, OnnxLimits limits) {
        Defs.Model m = ProtoReader.readModel(bytes, limits);
        Program p = Program.compile(m, limits);
        int count = declaredOutputCount(p);
        OutputKind k = count == 1 ? OutputKind.REGRESSION : OutputKind.CLASS_LOGITS;
        int head = p.outputs[0];
        Program.Step last = finalNode(p);
        if (last != null && count != 1 && last.kernel() instanceof NormOps.Softmax sm && overWholeRow(p, last, sm)) {
            head = last.in()[0];
            k = OutputKind.CLASS_LOGITS;
        } else if (last != null && count == 1 && last.op().equals("Sigmoid")) {
            head = last.in()[0];
            k = OutputKind.BINARY_LOGIT;
        }
        return new OnnxGraphModel(m, p, k, count, head);
    }

    /** Operators that only reshape a row (each row keeps its values, in order): a head read through them is the same head. */
    private static final Set<String> ROW_VIEWS = Set.of("Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Dropout");

    /**
     * A classifier exported with its final softmax (or a binary one with its sigmoid) outputs probabilities: the
     * node making the first graph output, looking through views after it (SqueezeNet's Softmax on [N, 1000, 1, 1]
     * then Flatten), when it is a Softmax, LogSoftmax or Sigmoid; else null. Its input is then read as the logits,
     * so probabilities() is not applied twice and gradients are taken on logits, as for Lucent's own models.
     */
    private static Program.Step finalNode(Program p) {
        int v = p.outputs[0];
        for (int i = p.steps.length - 1; i >= 0; i--) {
            Program.Step s = p.steps[i];
            if (s.out().length == 0 || s.out()[0] != v || s.in().length == 0 || s.in()[0] < 0) continue;
            if (ROW_VIEWS.contains(s.op())) {
                v = s.in()[0];
                continue;
            }
            return Set.of("Softmax", "LogSoftmax", "Sigmoid").contains(s.op()) ? s : null;
        }
        return null;
    }

    /**
     * Whether a final softmax normalizes each row as a whole, so its input is one logit per class: over axis 1 of
     * [N, classes] or of [N, classes, 1, ...] (trailing unit dimensions), or (opset < 13) over everything from axis 1 on.
     * The shape is the declared output's when the softmax makes it, else that of one run on zeros (views may follow).
     */
    private static boolean overWholeRow(Program p, Program.Step softmax, NormOps.Softmax sm) {
        long[] d = softmax.out()[0] == p.outputs[0] ? p.outputInfo[0].dims() : null;
        if (d == null || d.length < 2 || Arrays.stream(d, 1, d.length).anyMatch(x -> x < 0)) d = shapeOnZeros(p, softmax.in()[0]);
        if (d == null || d.length < 2) return false;
        int a = (int) (sm.axis() < 0 ? sm.axis() + d.length : sm.axis());
        if (a != 1) return false;
        if (sm.coerce2d()) return true;
        for (int i = 2; i < d.length; i++) if (d[i] != 1) return false;
        return true;
    }

    /** The shape of a value in one run of a batch of zeros (one row, or the fixed batch); null when the input is not static. */
    private static long[] shapeOnZeros(Program p, int value) {
        if (p.inputs.length != 1 || p.inputInfo[0].dims() == null) return null;
        long[] in = p.inputInfo[0].dims().clone();
        if (in.length == 0 || Arrays.stream(in, 1, in.length).anyMatch(x -> x < 0)) return null;
        if (in[0] <= 0) in[0] = 1;
        int[] shape = Arrays.stream(in).mapToInt(Math::toIntExact).toArray(); // within the budget: checked at import
        try (Tensor.Scope s = Tensor.noGrad()) {
            if (!(p.run(new Object[]{Tensor.of(new float[NdArray.size(shape)], shape)})[value] instanceof Tensor t)) return null;
            return Arrays.stream(t.shape()).asLongStream().toArray();
        } catch (RuntimeException e) {
            return null; // a graph that cannot run is reported, naming its node, when it is first run on real rows
        }
    }

    Program program() {
        return program;
    }

    Defs.Model source() {
        return source;
    }

    /** Per-row output size from the declared output shape; -1 when it is not static (found on first run). */
    private static int declaredOutputCount(Program p) {
        long[] d = p.outputInfo[0].dims();
        if (d == null || d.length == 0) return d == null ? -1 : 1;
        long n = 1;
        for (int i = 1; i < d.length; i++) {
            if (d[i] < 0) return -1;
            try {
                n = Math.multiplyExact(n, d[i]);
            } catch (ArithmeticException e) {
                return -1; // a declared size no run could produce: found on the first run, which the budget bounds
            }
        }
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    @Override
    public String name() {
        return program.graphName.isEmpty() ? "ONNX model" : program.graphName;
    }

    @Override
    public int opset() {
        return program.opset;
    }

    @Override
    public List<String> inputNames() {
        return Arrays.stream(program.inputInfo).map(ValueInfo::name).toList();
    }

    @Override
    public List<String> outputNames() {
        return Arrays.stream(program.outputInfo).map(ValueInfo::name).toList();
    }

    @Override
    public List<Port> graphInputs() {
        return Arrays.stream(program.inputInfo).map(OnnxGraphModel::port).toList();
    }

    @Override
    public List<Port> graphOutputs() {
        return Arrays.stream(program.outputInfo).map(OnnxGraphModel::port).toList();
    }

    private static Port port(ValueInfo v) {
        return new Port(v.name(), Defs.typeName(v.elemType()), v.dims());
    }

    @Override
    public String producerName() {
        return source.producer();
    }

    @Override
    public String producerVersion() {
        return source.producerVersion();
    }

    @Override
    public long parameterCount() {
        long n = 0;
        for (int i = 0; i < program.param.length; i++) if (program.param[i] && program.consts[i] != null) n += program.consts[i].size();
        return n;
    }

    private ValueInfo single() {
        if (program.inputs.length != 1)
            throw new IllegalStateException("this ONNX model takes " + program.inputs.length
                    + " inputs; the auditable face needs exactly one (use run)");
        ValueInfo vi = program.inputInfo[0];
        if (!Defs.isFloatType(vi.elemType()))
            throw new IllegalStateException("the model input '" + vi.name() + "' is " + Defs.typeName(vi.elemType()) + ", not float");
        if (vi.dims() == null || vi.dims().length == 0)
            throw new IllegalStateException("the model input '" + vi.name() + "' declares no batch dimension");
        return vi;
    }

    @Override
    public int[] inputShape() {
        long[] d = single().dims();
        int[] s = new int[d.length - 1];
        for (int i = 1; i < d.length; i++) {
            if (d[i] < 0)
                throw new IllegalStateException("the model input '" + single().name() + "' has a symbolic dimension at axis "
                        + i + "; only the batch dimension may be dynamic");
            s[i - 1] = (int) d[i];
        }
        return s;
    }

    @Override
    public int outputCount() {
        if (outputCount >= 0) return outputCount;
        int[] s = inputShape();
        int[] shape = new int[s.length + 1];
        shape[0] = 1;
        System.arraycopy(s, 0, shape, 1, s.length);
        return predict(Tensor.of(new float[NdArray.size(shape)], shape)).shape()[1];
    }

    @Override
    public OutputKind outputKind() {
        return kind;
    }

    @Override
    public OnnxModel withOutputKind(OutputKind k) {
        return new OnnxGraphModel(source, program, k, outputCount, head);
    }

    /** The declared batch when static (a model exported with a fixed batch, PyTorch's default), else 0. */
    private int fixedBatch() {
        long b = single().dims()[0];
        return b > 0 && b <= Integer.MAX_VALUE ? (int) b : 0;
    }

    private void checkBatch(Tensor batch) {
        int[] want = inputShape(), got = batch.shape();
        if (got.length != want.length + 1 || !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), want))
            throw new IllegalArgumentException("batch of shape " + Arrays.toString(got) + " does not fit the model input [n, "
                    + Arrays.toString(want).substring(1));
    }

    /**
     * The batch in the runs the graph accepts: whole when the batch dimension is dynamic; with a fixed
     * batch B, chunks of B rows, the last one padded with copies of its last row (whose results are
     * dropped: rows do not interact in an inference graph, so the real rows get an unpadded run's results).
     */
    private List<float[]> chunks(Tensor batch) {
        float[] x = batch.toArray();
        int n = batch.shape()[0], b = fixedBatch();
        if (b == 0 || n == b) return List.of(x);
        int per = n == 0 ? 0 : x.length / n;
        List<float[]> out = new ArrayList<>();
        for (int r = 0; r < n; r += b) {
            float[] c = new float[b * per];
            int real = Math.min(b, n - r);
            System.arraycopy(x, r * per, c, 0, real * per);
            for (int i = real; i < b; i++) System.arraycopy(x, (r + real - 1) * per, c, i * per, per);
            out.add(c);
        }
        return out;
    }

    private int[] chunkShape(Tensor batch) {
        int[] s = batch.shape();
        if (fixedBatch() > 0) s[0] = fixedBatch();
        return s;
    }

    private Tensor headOf(Object[] values) {
        if (!(values[head] instanceof Tensor y)) throw new OnnxException("the model output is not float; it has no gradient");
        return y;
    }

    @Override
    public Tensor predict(Tensor batch) {
        checkBatch(batch);
        int n = batch.shape()[0];
        int[] shape = chunkShape(batch);
        float[] out = null;
        int k = -1, r = 0;
        StepArena arena = arenas.forBatch(batch.size(), ProbeSession.anyOpen());
        try (Tensor.Scope s = Tensor.noGrad()) {
            if (fixedBatch() == 0 && n > 0) { // one run on the batch itself, as Model.predict
                try (StepArena.Step step = arena == null ? null : arena.enter()) {
                    Tensor y = headOf(program.run(new Object[]{batch}));
                    return Tensor.of(y.toArray(), n, y.size() / n);
                }
            }
            for (float[] c : chunks(batch)) {
                float[] y;
                try (StepArena.Step step = arena == null ? null : arena.enter()) { // the output is copied out before the arrays are reused
                    y = headOf(program.run(new Object[]{Tensor.of(c, shape)})).toArray();
                }
                int rows = Math.min(shape[0], n - r);
                if (out == null) {
                    k = shape[0] == 0 ? 0 : y.length / shape[0];
                    out = new float[n * k];
                }
                if (y.length != k * shape[0]) throw new OnnxException("the model output changed size between batches");
                System.arraycopy(y, 0, out, r * k, rows * k);
                r += rows;
            }
        }
        if (out == null || n == 0) return Tensor.of(new float[0], 0, Math.max(outputCount, 0));
        return Tensor.of(out, n, k);
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        checkBatch(batch);
        if (targets.length != batch.shape()[0])
            throw new IllegalArgumentException(targets.length + " targets for " + batch.shape()[0] + " rows");
        return inputGradientFrom(batch, TargetSeed.targets(targets));
    }

    /** The weights seed the backward pass as they are: one pass per run, however many outputs they weigh. */
    @Override
    public Tensor weightedInputGradient(Tensor batch, Tensor weights) {
        checkBatch(batch);
        return inputGradientFrom(batch, TargetSeed.weights(weights, batch.shape()[0], outputCount()));
    }

    private Tensor inputGradientFrom(Tensor batch, TargetSeed seed) {
        if (fixedBatch() == 0) { // one run: the input's own gradient, nothing to assemble
            Tensor x = TensorStorage.leafOver(batch).requireGrad();
            StepArena arena = arenas.forBatch(batch.size(), ProbeSession.anyOpen());
            try (StepArena.Step step = arena == null ? null : arena.enter()) { // only x's gradient (a leaf's) leaves the call
                backwardFrom(x, seed, 0, batch.shape()[0]);
            }
            Tensor g = TensorStorage.gradientOf(x);
            return g == null ? Tensor.zeros(batch.shape()) : g;
        }
        return trace(null, batch, seed)[1];
    }

    @Override
    public List<String> layerNames() {
        return program.layerNames;
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        if (!program.layerNames.contains(layer)) throw new IllegalArgumentException("no layer named '" + layer + "' in " + name());
        checkBatch(batch);
        if (targets.length != batch.shape()[0]) throw new IllegalArgumentException(targets.length + " targets for " + batch.shape()[0] + " rows");
        Tensor[] r = trace(layer, batch, TargetSeed.targets(targets));
        return new LayerTrace(layer, r[0], r[1]);
    }

    /**
     * Activations and gradients of a layer (the input when null) for the chosen outputs: as a native
     * {@code Model} does, one backward pass of sum_i out[i, targets[i]] on the tape per run, the layer
     * read through its probe point; parameters are constants and get no gradient.
     */
    private Tensor[] trace(String layer, Tensor batch, TargetSeed seed) {
        int n = batch.shape()[0];
        int[] shape = chunkShape(batch);
        float[] act = null, grad = null;
        int[] actShape = null;
        int r = 0;
        for (float[] c : chunks(batch)) {
            int rows = Math.min(shape[0], n - r);
            Tensor x = Tensor.of(c, shape.clone()).requireGrad();
            Tensor a, g;
            if (layer == null) {
                StepArena arena = arenas.forBatch(c.length, ProbeSession.anyOpen());
                try (StepArena.Step step = arena == null ? null : arena.enter()) { // only x's gradient (a leaf's) leaves the call
                    backwardFrom(x, seed, r, rows);
                }
                a = x;
                g = x.grad();
            } else {
                try (ProbeSession probes = ProbeSession.open(layer)) {
                    backwardFrom(x, seed, r, rows);
                    if (!probes.recorded().contains(layer)) throw new IllegalArgumentException("layer '" + layer + "' output is not float");
                    a = probes.activation(layer);
                    g = probes.gradient(layer);
                }
            }
            int[] as = a.shape();
            if (act == null) {
                if (as.length == 0 || as[0] != shape[0])
                    throw new IllegalArgumentException("the layer output " + Arrays.toString(as) + " has no batch dimension");
                actShape = as.clone();
                actShape[0] = n;
                act = new float[NdArray.size(actShape)];
                grad = new float[act.length];
            }
            int per = shape[0] == 0 ? 0 : a.size() / shape[0];
            System.arraycopy(a.toArray(), 0, act, r * per, rows * per);
            if (g != null) System.arraycopy(g.toArray(), 0, grad, r * per, rows * per);
            r += rows;
        }
        if (act == null) return new Tensor[]{batch, batch};
        return new Tensor[]{Tensor.of(act, actShape), Tensor.of(grad, actShape)};
    }

    /** One backward pass of the seeded outputs of the caller's rows {@code from .. from + rows} (the rest of the run is padding). */
    private void backwardFrom(Tensor x, TargetSeed targetSeed, int from, int rows) {
        Tensor y = headOf(program.run(new Object[]{x}));
        int n = x.shape()[0], k = n == 0 ? 0 : y.size() / n;
        float[] seed = targetSeed.seed(from, rows, n, k);
        if (y.requiresGrad()) y.backward(Tensor.of(seed, y.shape()));
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        NdArray[] consts = program.consts.clone();
        for (String layer : layers) {
            int li = program.layerNames.indexOf(layer);
            if (li < 0) throw new IllegalArgumentException("no layer named '" + layer + "' in " + name());
            Program.Step step = null;
            for (Program.Step s : program.steps) if (s.out()[0] == program.layerValue[li]) step = s;
            if (step == null) continue;
            Random rnd = new Random(seed * 1_000_003L + layer.hashCode());
            for (int j = 0; j < step.in().length; j++) {
                int p = step.in()[j];
                if (p < 0 || !program.param[p]) continue;
                consts[p] = redraw(consts[p], step.op(), j, rnd);
            }
        }
        return new OnnxGraphModel(source, program.withConsts(consts), kind, outputCount, head);
    }

    /** He-normal weights; small normal biases; batch-norm variances kept positive and scales near 1. */
    private static NdArray redraw(NdArray p, String op, int slot, Random rnd) {
        float[] v = new float[p.size()];
        boolean bn = op.equals("BatchNormalization");
        for (int i = 0; i < v.length; i++) {
            if (bn && slot == 4) v[i] = 0.5f + rnd.nextFloat();
            else if (bn && slot == 1) v[i] = (float) (1 + 0.1 * rnd.nextGaussian());
            else if (p.rank() >= 2) v[i] = (float) (rnd.nextGaussian() * Math.sqrt(2.0 / Math.max(1, p.size() / p.shape[0])));
            else v[i] = (float) (0.1 * rnd.nextGaussian());
        }
        return NdArray.floats(p.shape, v);
    }

    /**
     * On the engine's tape, as {@code Model}'s forward: recorded when an input requires a gradient, so a caller
     * can take gradients of any output with {@code backward}. Float inputs are used as given; integer ones are
     * read as int64.
     */
    @Override
    public List<Tensor> run(List<Tensor> inputs) {
        if (inputs.size() != program.inputs.length)
            throw new IllegalArgumentException("the model takes " + program.inputs.length + " inputs, got " + inputs.size());
        Object[] in = new Object[inputs.size()];
        for (int i = 0; i < in.length; i++) in[i] = input(inputs.get(i), program.inputInfo[i]);
        Object[] v = program.run(in);
        List<Tensor> r = new ArrayList<>();
        for (int o : program.outputs) r.add(Values.tensor(v[o]));
        return r;
    }

    /** A graph input as it flows: the tensor itself for float inputs, int64 values for integer ones (whole numbers only). */
    static Object input(Tensor t, ValueInfo vi) {
        if (vi.dims() != null) {
            int[] s = t.shape();
            if (s.length != vi.dims().length)
                throw new IllegalArgumentException("input '" + vi.name() + "' has rank " + vi.dims().length + ", got " + Arrays.toString(s));
            for (int i = 1; i < s.length; i++)
                if (vi.dims()[i] >= 0 && vi.dims()[i] != s[i])
                    throw new IllegalArgumentException("input '" + vi.name() + "' needs dimension " + vi.dims()[i] + " at axis " + i + ", got " + Arrays.toString(s));
        }
        if (Defs.isFloatType(vi.elemType()) || vi.elemType() == 0) return t;
        float[] d = t.toArray();
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i])) throw new IllegalArgumentException("input '" + vi.name() + "' is integer; got " + d[i]);
            l[i] = (long) d[i];
        }
        return NdArray.longs(t.shape(), l);
    }

    /** The graph outputs for inputs given as arrays, int64 ones kept exact (the conformance cases compare them exactly). */
    NdArray[] runArrays(NdArray[] in) {
        try (Tensor.Scope ng = Tensor.noGrad()) {
            Object[] args = new Object[in.length];
            for (int i = 0; i < in.length; i++) args[i] = in[i].isFloat() ? Values.tensor(in[i]) : in[i];
            Object[] v = program.run(args);
            NdArray[] r = new NdArray[program.outputs.length];
            for (int i = 0; i < r.length; i++) r[i] = Values.array(v[program.outputs[i]]);
            return r;
        }
    }

    @Override
    public byte[] toOnnx() {
        return ProtoWriter.writeModel(source, program);
    }
}
