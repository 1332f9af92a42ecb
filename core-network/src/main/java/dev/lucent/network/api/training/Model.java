package dev.lucent.network.api.training;

import dev.lucent.network.internal.TensorStorage;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lucent.network.internal.BatchArena;
import dev.lucent.network.internal.StepArena;
import dev.lucent.network.internal.TargetSeed;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * A network: a directed acyclic graph of named layers in forward order, fed by one input and read at
 * the last node. Built with {@link #builder} (or {@link Sequential#of} for a chain). It is the
 * {@link AuditableModel} explainers use: every node is a probe point named after its layer.
 */
public final class Model implements AuditableModel {
    /** One named layer and the nodes feeding it (-1 is the model input). */
    public record Node(String name, Layer layer, int[] inputs) {
        public Node {
            inputs = inputs.clone();
        }

        @Override
        public int[] inputs() {
            return inputs.clone();
        }
    }

    /** The input's reserved name in {@link Builder#add(String, Layer, String...)}. */
    public static final String INPUT = "input";

    private final String name;
    private final int[] inputShape;
    private final OutputKind outputKind;
    private final List<Node> nodes;
    private final int[][] outputShapes;
    /** Per thread, the arrays of the last predict or input-gradient call, reused by the next one. */
    private final BatchArena predictArena = new BatchArena();

    private Model(String name, int[] inputShape, OutputKind outputKind, List<Node> nodes) {
        this.name = name;
        this.inputShape = inputShape.clone();
        this.outputKind = outputKind;
        this.nodes = List.copyOf(nodes);
        this.outputShapes = new int[nodes.size()][];
        // one dry run on a single zero sample fixes every node's output shape (and checks the wiring)
        int[] one = new int[inputShape.length + 1];
        one[0] = 1;
        System.arraycopy(inputShape, 0, one, 1, inputShape.length);
        try (Tensor.Scope s = Tensor.noGrad()) {
            run(Tensor.zeros(one), Mode.EVAL, outputShapes);
        }
        int[] out = outputShapes[nodes.size() - 1];
        if (out.length != 2) throw new IllegalArgumentException("model '" + name + "' must end in [N, outputs], ends in " + Arrays.toString(out));
    }

    public static Builder builder(String name, OutputKind kind, int... inputShape) {
        return new Builder(name, kind, inputShape);
    }

    /** Adds layers in forward order. */
    public static final class Builder {
        private final String name;
        private final OutputKind kind;
        private final int[] inputShape;
        private final List<Node> nodes = new ArrayList<>();
        private final ObjectIntHashMap<String> index = new ObjectIntHashMap<>();
        private Long seed;

        private Builder(String name, OutputKind kind, int[] inputShape) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("model name must not be blank");
            if (inputShape.length == 0) throw new IllegalArgumentException("model '" + name + "' needs an input shape");
            this.name = name;
            this.kind = kind;
            this.inputShape = inputShape.clone();
        }

        /** A layer fed by the previous one (the model input for the first). */
        public Builder add(String nodeName, Layer layer) {
            return add(nodeName, layer, nodes.isEmpty() ? INPUT : nodes.get(nodes.size() - 1).name());
        }

        /** A layer fed by named earlier nodes or {@value #INPUT}. */
        public Builder add(String nodeName, Layer layer, String... inputs) {
            if (nodeName == null || nodeName.isBlank() || nodeName.equals(INPUT))
                throw new IllegalArgumentException("invalid layer name '" + nodeName + "'");
            if (index.containsKey(nodeName)) throw new IllegalArgumentException("layer name '" + nodeName + "' used twice");
            if (inputs.length != layer.arity())
                throw new IllegalArgumentException("layer '" + nodeName + "' (" + layer.type() + ") takes " + layer.arity() + " inputs, got " + inputs.length);
            int[] in = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].equals(INPUT)) in[i] = -1;
                else {
                    int at = index.getIfAbsent(inputs[i], -1);
                    if (at < 0) throw new IllegalArgumentException("layer '" + nodeName + "' reads unknown layer '" + inputs[i] + "'; known: " + nodes.stream().map(Node::name).toList());
                    in[i] = at;
                }
            }
            index.put(nodeName, nodes.size());
            nodes.add(new Node(nodeName, layer, in));
            return this;
        }

        /** Re-initializes every layer from this seed at build time (each layer gets its own stream). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Model build() {
            if (nodes.isEmpty()) throw new IllegalArgumentException("model '" + name + "' has no layers");
            if (seed != null) for (int i = 0; i < nodes.size(); i++) nodes.get(i).layer().initialize(mix(seed, i));
            return new Model(name, inputShape, kind, nodes);
        }
    }

    // ---------------------------------------------------------------- forward

    /** The output for a batch [n, inputShape...]; records the graph when gradients are enabled. */
    public Tensor forward(Tensor batch, Mode mode) {
        checkBatch(batch);
        return run(batch, mode, null);
    }

    private Tensor run(Tensor batch, Mode mode, int[][] shapes) {
        Tensor[] outs = new Tensor[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Tensor[] in = new Tensor[node.inputs.length];
            for (int k = 0; k < in.length; k++) in[k] = node.inputs[k] < 0 ? batch : outs[node.inputs[k]];
            Mode m = mode.training() ? new Mode(true, mix(mode.seed(), i)) : mode;
            try {
                outs[i] = node.layer.forward(m, in).probe(node.name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer '" + node.name + "' (" + node.layer.type() + "): " + e.getMessage(), e);
            }
            if (shapes != null) shapes[i] = outs[i].shape();
        }
        return outs[outs.length - 1];
    }

    /** SplitMix64 finalizer: well-spread per-layer seeds from one pass seed. */
    static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void checkBatch(Tensor batch) {
        int[] s = batch.shape();
        boolean ok = s.length == inputShape.length + 1;
        for (int i = 0; ok && i < inputShape.length; i++) ok = s[i + 1] == inputShape[i];
        if (!ok) throw new IllegalArgumentException("model '" + name + "' expects a batch of shape [n, " + Layers.ints(inputShape).replace(",", ", ")
                + "], got " + Arrays.toString(s));
    }

    // ---------------------------------------------------------------- structure

    public List<Node> nodes() {
        return nodes;
    }

    /** The layer of a named node. */
    public Layer layer(String nodeName) {
        return nodes.get(nodeIndex(nodeName)).layer;
    }

    int nodeIndex(String nodeName) {
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name.equals(nodeName)) return i;
        throw new IllegalArgumentException("model '" + name + "' has no layer '" + nodeName + "'; layers: " + layerNames());
    }

    /** Every parameter and state tensor as "layer.parameter", in forward order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Node n : nodes) for (Parameter p : n.layer.parameters()) out.put(n.name + "." + p.name(), p);
        return out;
    }

    /** The trainable parameters. */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : namedParameters().values()) if (p.trainable()) out.add(p);
        return out;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : trainableParameters()) n += p.size();
        return n;
    }

    /** Output shape of a node for a batch of one. */
    public int[] outputShape(String nodeName) {
        return outputShapes[nodeIndex(nodeName)].clone();
    }

    /** A table of layers, output shapes and parameter counts. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("Model '").append(name).append("' (").append(outputKind).append("), input ").append(Arrays.toString(inputShape)).append('\n');
        sb.append(String.format("%-18s %-14s %-18s %-16s %10s%n", "layer", "type", "inputs", "output", "params"));
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            long params = 0;
            for (Parameter p : n.layer.parameters()) if (p.trainable()) params += p.size();
            StringBuilder in = new StringBuilder();
            for (int k : n.inputs) in.append(in.length() == 0 ? "" : ",").append(k < 0 ? INPUT : nodes.get(k).name);
            int[] os = outputShapes[i].clone();
            String shape = Arrays.toString(Arrays.copyOfRange(os, 1, os.length));
            sb.append(String.format("%-18s %-14s %-18s %-16s %10d%n", n.name, n.layer.type(), in, "[n, " + shape.substring(1), params));
        }
        sb.append("trainable parameters: ").append(parameterCount()).append('\n');
        return sb.toString();
    }

    /** A deep copy: same architecture, parameters and state, nothing shared. */
    public Model copy() {
        Builder b = new Builder(name, outputKind, inputShape);
        for (Node n : nodes) {
            Layer l = Layers.create(n.layer.type(), n.layer.config());
            List<Parameter> src = n.layer.parameters(), dst = l.parameters();
            for (int k = 0; k < src.size(); k++) dst.get(k).assign(src.get(k).values());
            String[] in = new String[n.inputs.length];
            for (int k = 0; k < in.length; k++) in[k] = n.inputs[k] < 0 ? INPUT : nodes.get(n.inputs[k]).name;
            b.add(n.name, l, in);
        }
        return b.build();
    }

    // ---------------------------------------------------------------- AuditableModel

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int outputCount() {
        return outputShapes[nodes.size() - 1][1];
    }

    @Override
    public OutputKind outputKind() {
        return outputKind;
    }

    @Override
    public Tensor predict(Tensor batch) {
        try (Tensor.Scope s = Tensor.noGrad()) {
            // explainers call predict many times with large batches of one size: the activations' arrays are
            // reused from call to call (they stay in cache, and no garbage is made); only the output is copied
            // out. Small batches have little to reuse, so they skip the bookkeeping.
            StepArena arena = arenaFor(batch);
            if (arena == null) return forward(batch, Mode.EVAL);
            try (StepArena.Step step = arena.enter()) {
                Tensor out = forward(batch, Mode.EVAL);
                return Tensor.of(out.toArray(), out.shape());
            }
        }
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        checkBatch(batch);
        checkTargets(batch, targets);
        return inputGradientFrom(batch, TargetSeed.targets(targets));
    }

    /** The weights seed the backward pass as they are: one pass, however many outputs they weigh. */
    @Override
    public Tensor weightedInputGradient(Tensor batch, Tensor weights) {
        checkBatch(batch);
        return inputGradientFrom(batch, TargetSeed.weights(weights, batch.shape()[0], outputCount()));
    }

    private Tensor inputGradientFrom(Tensor batch, TargetSeed seed) {
        Tensor x = Tensor.of(batch.toArray(), batch.shape()).requireGrad();
        // as in predict: saliency and IG call this many times with batches of one size, so the activations'
        // and intermediate gradients' arrays are reused; only x's gradient (a leaf's, never from the arena)
        // leaves the call, and x.grad() copies it
        StepArena arena = arenaFor(batch);
        if (arena == null) {
            backwardFrom(x, seed);
        } else {
            try (StepArena.Step step = arena.enter()) {
                backwardFrom(x, seed);
            }
        }
        Tensor g = x.grad();
        return g == null ? Tensor.zeros(batch.shape()) : g;
    }

    /**
     * One training step as {@link Trainer#fit} takes it, for a loop written by hand: forward in training mode (dropout
     * seeded by {@code seed}), the loss against {@code labels}, the trainable parameters' gradients zeroed, backward,
     * and {@code optimizer}'s update at {@code learningRate}. Returns the loss. As in {@code fit}, the step's
     * activations and intermediate gradients are arrays of the previous step of this batch size on this thread, reused
     * (nothing of the step outlives the call but the parameters, their gradients and the optimizer's state); inside a
     * probe session nothing is reused, so the probes keep their values.
     */
    public float trainStep(Tensor batch, int[] labels, Loss loss, Optimizer optimizer, float learningRate, long seed) {
        checkBatch(batch);
        List<Parameter> params = trainableParameters();
        StepArena arena = arenaFor(batch);
        try (StepArena.Step step = arena == null ? null : arena.enter()) {
            Tensor l = loss.compute(forward(batch, Mode.train(seed)), labels, null, null);
            for (Parameter p : params) p.value.zeroGrad();
            l.backward();
            optimizer.step(params, learningRate);
            return l.item();
        }
    }

    /** The calling thread's arena when this batch's arrays are worth reusing and nothing else holds them; else null. */
    private StepArena arenaFor(Tensor batch) {
        return predictArena.forBatch(batch.size(), ProbeSession.anyOpen());
    }

    @Override
    public List<String> layerNames() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) out.add(n.name);
        return List.copyOf(out);
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        nodeIndex(layer);
        checkBatch(batch);
        Tensor x = Tensor.of(batch.toArray(), batch.shape()).requireGrad();
        checkTargets(batch, targets);
        try (ProbeSession s = ProbeSession.open(layer)) {
            backwardFrom(x, TargetSeed.targets(targets));
            Tensor a = s.activation(layer);
            Tensor g = s.gradient(layer);
            return new LayerTrace(layer, a, g == null ? Tensor.zeros(a.shape()) : g);
        }
    }

    private static void checkTargets(Tensor batch, int[] targets) {
        int n = batch.shape()[0];
        if (targets.length != n) throw new IllegalArgumentException("need one target per row: " + n + " rows, " + targets.length + " targets");
    }

    /** One backward pass of the seeded outputs (sum_i out[i, targets[i]], or a weighted sum) with parameter gradients switched off. */
    private void backwardFrom(Tensor x, TargetSeed targetSeed) {
        int n = x.shape()[0], k = outputCount();
        float[] seed = targetSeed.seed(0, n, n, k);
        List<Parameter> params = trainableParameters();
        for (Parameter p : params) TensorStorage.recordGradient(p.value, false); // explainers need input/activation gradients only
        try {
            Tensor out = forward(x, Mode.EVAL);
            out.backward(Tensor.of(seed, n, k));
        } finally {
            for (Parameter p : params) TensorStorage.recordGradient(p.value, true);
        }
    }

    @Override
    public Model withRandomizedLayers(List<String> layers, long seed) {
        Model copy = copy();
        Set<String> seen = new HashSet<>();
        for (String l : layers) {
            if (!seen.add(l)) continue;
            int i = copy.nodeIndex(l);
            copy.nodes.get(i).layer.initialize(mix(seed, i));
        }
        return copy;
    }
}
