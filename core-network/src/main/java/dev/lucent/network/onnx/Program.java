package dev.lucent.network.onnx;

import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.onnx.Defs.Graph;
import dev.lucent.network.onnx.Defs.Model;
import dev.lucent.network.onnx.Defs.Node;
import dev.lucent.network.onnx.Defs.TensorDef;
import dev.lucent.network.onnx.Defs.ValueInfo;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An imported graph compiled to a flat list of steps over numbered values: topologically sorted
 * (cycles refused), every node mapped to a kernel (unsupported ones refused), constant subgraphs
 * folded at import (so a ConstantOfShape asking for gigabytes fails here, not at run time).
 * Runs forward and, from a seed gradient, backward. Immutable; safe to share.
 */
final class Program {
    record Step(Kernel kernel, int[] in, int[] out, String node, String op) {
    }

    final int opset;
    final String graphName;
    final String[] names;
    final NdArray[] consts;
    final boolean[] param;        // float initializers: the model's parameters
    final Step[] steps;
    final int[] inputs, outputs;
    final ValueInfo[] inputInfo, outputInfo;
    final List<String> layerNames;
    final int[] layerValue;       // value id of each layer's first output
    final int[][] layerParams;    // parameter value ids read directly by each layer's node
    final long maxBytes;
    private final String[] probeName; // the layer name of each value that is a layer's output, else null
    /**
     * Steps whose outputs depend on the inputs' shapes only (Shape, and int64 arithmetic on shapes and constants): their
     * int64 results are folded once per input shape, as import folds constants, and kept here by input shapes.
     */
    private final boolean[] shapeStep;
    private final java.util.Map<String, Object[]> shapeFolds = new java.util.concurrent.ConcurrentHashMap<>();
    /** Fused convolution chains by the index of their last step; inChain marks every step of one. */
    final ConvFusion.Chain[] chainEnding;
    private final boolean[] inChain;
    private static final int MAX_SHAPE_FOLDS = 16;
    /** The system property {@code lucent.noFusion=true} runs every node on its own (to compare); read on every run. */
    static final String NO_FUSION = "lucent.noFusion"; // batch sizes an explainer uses are few; past this the folds start over

    private Program(int opset, String graphName, String[] names, NdArray[] consts, boolean[] param, Step[] steps,
                    int[] inputs, int[] outputs, ValueInfo[] inputInfo, ValueInfo[] outputInfo,
                    List<String> layerNames, int[] layerValue, int[][] layerParams, long maxBytes) {
        this.opset = opset;
        this.graphName = graphName;
        this.names = names;
        this.consts = consts;
        this.param = param;
        this.steps = steps;
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputInfo = inputInfo;
        this.outputInfo = outputInfo;
        this.layerNames = layerNames;
        this.layerValue = layerValue;
        this.layerParams = layerParams;
        this.maxBytes = maxBytes;
        this.probeName = new String[names.length];
        for (int i = 0; i < layerValue.length; i++) probeName[layerValue[i]] = layerNames.get(i);
        boolean[] shapeOnly = new boolean[names.length];
        for (int i = 0; i < names.length; i++) shapeOnly[i] = consts[i] != null && !param[i];
        this.shapeStep = new boolean[steps.length];
        for (int k = 0; k < steps.length; k++) {
            Step st = steps[k];
            boolean only = st.op.equals("Shape");
            if (!only) {
                only = true;
                for (int j : st.in) if (j >= 0 && !shapeOnly[j]) only = false;
            }
            shapeStep[k] = only;
            if (only) for (int o : st.out) shapeOnly[o] = true;
        }
        this.chainEnding = ConvFusion.find(steps, consts, outputs, shapeStep);
        this.inChain = new boolean[steps.length];
        for (ConvFusion.Chain c : chainEnding) if (c != null) for (int k : c.steps()) inChain[k] = true;
    }

    /** The same program with other constant values (re-drawn parameters). */
    Program withConsts(NdArray[] newConsts) {
        return new Program(opset, graphName, names, newConsts, param, steps, inputs, outputs, inputInfo, outputInfo,
                layerNames, layerValue, layerParams, maxBytes);
    }

    static int opsetOf(Model m) {
        long v = -1;
        for (Defs.Opset o : m.opsets())
            if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) v = o.version();
        if (m.opsets().isEmpty() && m.irVersion() < 3) v = 1;
        if (v < OpRegistry.MIN_OPSET || v > OpRegistry.MAX_OPSET)
            throw new OnnxException("unsupported ONNX opset " + v + " (Lucent imports opsets "
                    + OpRegistry.MIN_OPSET + " to " + OpRegistry.MAX_OPSET + ")");
        return (int) v;
    }

    static Program compile(Model m, OnnxLimits limits) {
        int opset = opsetOf(m);
        Graph g = m.graph();
        if (g.sparseInitializers() > 0) throw new OnnxException("sparse initializers are not supported");
        List<String> names = new ArrayList<>();
        MutableObjectIntMap<String> id = new ObjectIntHashMap<>();
        List<NdArray> consts = new ArrayList<>();
        List<Boolean> params = new ArrayList<>();
        for (TensorDef t : g.initializers()) {
            if (t.name().isEmpty()) throw new OnnxException("an initializer has no name");
            if (id.containsKey(t.name())) throw new OnnxException("initializer '" + t.name() + "' is defined twice");
            id.put(t.name(), names.size());
            names.add(t.name());
            consts.add(t.value());
            params.add(t.value().isFloat());
        }
        List<ValueInfo> realInputs = new ArrayList<>();
        for (ValueInfo vi : g.inputs()) {
            if (id.containsKey(vi.name())) continue; // IR < 4 lists initializers as inputs too
            if (vi.name().isEmpty()) throw new OnnxException("a graph input has no name");
            id.put(vi.name(), names.size());
            names.add(vi.name());
            consts.add(null);
            params.add(false);
            checkDeclaredInput(vi, limits.valuesBytes());
            realInputs.add(vi);
        }
        // Producers: every value is written once (SSA), by one node.
        List<Node> nodes = g.nodes();
        int nn = nodes.size();
        MutableObjectIntMap<String> producer = new ObjectIntHashMap<>();
        for (int i = 0; i < nn; i++)
            for (String o : nodes.get(i).outputs()) {
                if (o.isEmpty()) continue;
                if (id.containsKey(o) || producer.containsKey(o))
                    throw new OnnxException("value '" + o + "' is produced twice (at node " + label(nodes.get(i)) + ")");
                producer.put(o, i);
            }
        // Kahn's algorithm: refuses cycles and dangling references, whatever the stored node order.
        int[] pending = new int[nn];
        List<List<Integer>> users = new ArrayList<>();
        for (int i = 0; i < nn; i++) users.add(new ArrayList<>());
        for (int i = 0; i < nn; i++) {
            for (String in : nodes.get(i).inputs()) {
                if (in.isEmpty() || id.containsKey(in)) continue;
                if (!producer.containsKey(in))
                    throw new OnnxException("node " + label(nodes.get(i)) + " reads '" + in
                            + "', which no node, graph input or initializer produces");
                pending[i]++;
                users.get(producer.get(in)).add(i);
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nn; i++) if (pending[i] == 0) ready.add(i);
        int[] order = new int[nn];
        int done = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[done++] = i;
            for (int u : users.get(i)) if (--pending[u] == 0) ready.add(u);
        }
        if (done < nn) {
            for (int i = 0; i < nn; i++)
                if (pending[i] > 0)
                    throw new OnnxException("the graph has a cycle: node " + label(nodes.get(i)) + " depends, directly or through its inputs, on its own output");
        }
        Set<String> read = readValues(g);
        List<Step> steps = new ArrayList<>();
        List<String> layerNames = new ArrayList<>();
        List<Integer> layerValue = new ArrayList<>();
        List<int[]> layerParams = new ArrayList<>();
        for (int k = 0; k < nn; k++) {
            Node node = OpRegistry.withoutUnreadOptionalOutputs(nodes.get(order[k]), read);
            String lbl = label(node);
            if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx"))
                throw new OnnxException("unsupported ONNX operator " + node.domain() + "." + node.opType()
                        + " (opset " + opset + ") at node " + lbl);
            NodeAttrs at = new NodeAttrs(node, opset);
            for (Defs.Attr a : node.attributes())
                if (a.g() != null || !a.graphs().isEmpty()) throw at.unsupported(); // control flow (If, Loop, Scan)
            int[] ins = new int[node.inputs().size()];
            for (int j = 0; j < ins.length; j++) {
                String in = node.inputs().get(j);
                ins[j] = in.isEmpty() ? -1 : id.getOrThrow(in);
            }
            int[] outs = new int[node.outputs().size()];
            for (int j = 0; j < outs.length; j++) {
                String o = node.outputs().get(j);
                id.put(o.isEmpty() ? "\u0000unused" + k + "_" + j : o, names.size());
                outs[j] = names.size();
                names.add(o);
                consts.add(null);
                params.add(false);
            }
            if (outs.length == 0) throw at.invalid("has no outputs");
            Kernel kernel = OpRegistry.create(at);
            List<Step> made = new ArrayList<>();
            if (kernel == null) { // variadic Max/Min/Sum/Mean lowered into binary steps
                if (ins.length == 0) throw at.invalid("needs at least one input");
                String op = node.opType();
                Elementwise.Op bop = switch (op) {
                    case "Max" -> Elementwise.Op.MAX;
                    case "Min" -> Elementwise.Op.MIN;
                    default -> Elementwise.Op.ADD;
                };
                int acc = ins[0];
                for (int j = 1; j < ins.length; j++) {
                    boolean last = j == ins.length - 1 && !op.equals("Mean");
                    int target = last ? outs[0] : newTemp(names, consts, params);
                    made.add(new Step(new Elementwise.Binary(bop), new int[]{acc, ins[j]}, new int[]{target}, lbl, op));
                    acc = target;
                }
                if (op.equals("Mean")) {
                    int scale = newTemp(names, consts, params);
                    consts.set(scale, NdArray.scalar(1f / ins.length));
                    made.add(new Step(new Elementwise.Binary(Elementwise.Op.MUL), new int[]{acc, scale}, new int[]{outs[0]}, lbl, op));
                } else if (ins.length == 1) {
                    made.add(new Step(new ShapeOps.View((in, ctx) -> in[0].shape), new int[]{acc}, new int[]{outs[0]}, lbl, op));
                }
            } else {
                made.add(new Step(kernel, ins, outs, lbl, node.opType()));
            }
            for (Step s : made) {
                if (foldable(s, consts, params)) {
                    // the same kernels as at run time, on constants: int64 shape arithmetic is folded here
                    Object[] vals = new Object[s.in.length];
                    for (int j = 0; j < vals.length; j++) vals[j] = s.in[j] < 0 ? null : runtime(consts.get(s.in[j]));
                    Object[] r;
                    try (Tensor.Scope ng = Tensor.noGrad()) {
                        r = guard(s, () -> s.kernel.run(vals, new Ctx(limits.valuesBytes(), s.node, s.op)));
                    }
                    for (int j = 0; j < s.out.length && j < r.length; j++) consts.set(s.out[j], Values.array(r[j]));
                } else {
                    steps.add(s);
                }
            }
            if (!made.isEmpty() && consts.get(outs[0]) == null && !layerNames.contains(lbl)) {
                layerNames.add(lbl);
                layerValue.add(outs[0]);
                layerParams.add(Arrays.stream(ins).filter(j -> j >= 0 && params.get(j)).toArray());
            }
        }
        int[] outIds = new int[g.outputs().size()];
        if (outIds.length == 0) throw new OnnxException("the graph declares no outputs");
        for (int j = 0; j < outIds.length; j++) {
            String o = g.outputs().get(j).name();
            if (!id.containsKey(o)) throw new OnnxException("graph output '" + o + "' is never produced");
            outIds[j] = id.get(o);
        }
        int[] inIds = realInputs.stream().mapToInt(v -> id.get(v.name())).toArray();
        boolean[] p = new boolean[params.size()];
        for (int i = 0; i < p.length; i++) p[i] = params.get(i);
        return new Program(opset, g.name(), names.toArray(String[]::new), consts.toArray(NdArray[]::new), p,
                steps.toArray(Step[]::new), inIds, outIds, realInputs.toArray(ValueInfo[]::new),
                g.outputs().toArray(ValueInfo[]::new), List.copyOf(layerNames),
                layerValue.stream().mapToInt(Integer::intValue).toArray(), layerParams.toArray(int[][]::new), limits.valuesBytes());
    }

    /** Every value some node or the graph's outputs read. */
    private static Set<String> readValues(Graph g) {
        Set<String> read = new HashSet<>();
        for (Node n : g.nodes()) read.addAll(n.inputs());
        for (ValueInfo o : g.outputs()) read.add(o.name());
        return read;
    }

    /**
     * A declared input shape is what a caller allocates to run the model (a fixed batch included; a symbolic
     * dimension counts as 1), so one that could never fit the budget, or whose element count overflows, is refused
     * here, before anyone sizes an array by it.
     */
    static void checkDeclaredInput(ValueInfo vi, long maxBytes) {
        long[] d = vi.dims();
        if (d == null) return;
        long n = 1;
        boolean overflow = false;
        for (long v : d) {
            try {
                n = Math.multiplyExact(n, Math.max(v, 1));
            } catch (ArithmeticException e) {
                overflow = true;
                break;
            }
        }
        int bytesPer = Defs.isFloatType(vi.elemType()) || vi.elemType() == 0 ? 4 : 8;
        String shape = shapeText(d);
        if (overflow)
            throw new OnnxException("graph input '" + vi.name() + "' declares shape " + shape
                    + ", whose element count overflows a 64-bit integer");
        if (n > Integer.MAX_VALUE - 8 || n > maxBytes / bytesPer)
            throw new OnnxException("graph input '" + vi.name() + "' declares shape " + shape + ": " + n + " values ("
                    + (n <= Long.MAX_VALUE / bytesPer ? Long.toString(n * bytesPer) : "over 2^63") + " bytes) per run,"
                    + " over the memory budget of " + maxBytes + " bytes");
    }

    /** {@code [N, 30]}: symbolic dimensions shown as N. */
    private static String shapeText(long[] d) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < d.length; i++) b.append(i == 0 ? "" : ", ").append(d[i] < 0 ? "N" : Long.toString(d[i]));
        return b.append(']').toString();
    }

    private static int newTemp(List<String> names, List<NdArray> consts, List<Boolean> params) {
        names.add("");
        consts.add(null);
        params.add(false);
        return names.size() - 1;
    }

    /** Constant inputs only, and no float parameter among them (parameters stay live for re-drawing). */
    private static boolean foldable(Step s, List<NdArray> consts, List<Boolean> params) {
        for (int j : s.in) {
            if (j < 0) continue;
            if (consts.get(j) == null || params.get(j)) return false;
        }
        return true;
    }

    /** A stored value as it flows at run time: float data as a tensor over the same array, int64 as is. */
    private static Object runtime(NdArray c) {
        return c == null || !c.isFloat() ? c : Values.tensor(c);
    }

    /**
     * Every value of a pass is kept (the backward pass needs them), so their sum is what the pass
     * holds; each tensor is already capped, and the sum is capped at the same budget. Gradients are
     * one per value at most, so a backward pass holds no more.
     */
    private long charge(long live, Object x, Step s) {
        long total = live + (long) Values.size(x) * (x instanceof NdArray ? 8 : 4);
        if (total > maxBytes)
            throw new OnnxException("running the model on this batch needs more than the memory budget of " + maxBytes
                    + " bytes for its intermediate values (reached at node " + s.node + "); use a smaller batch or a larger budget");
        return total;
    }

    /**
     * Defence in depth: a kernel that fails other than by OnnxException is reported naming the node,
     * never as a bare runtime exception. A native op refusing its arguments (IllegalArgumentException,
     * an index outside a shape) is the engine's own shape check and reads as a refusal; anything else
     * (a shape combination no check anticipated) is an internal error, which the fuzz test counts as a crash.
     */
    private static <T> T guard(Step s, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (OnnxException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new OnnxException(s.op + " node '" + s.node + "': " + e.getMessage(), e);
        } catch (IndexOutOfBoundsException e) {
            if (e instanceof ArrayIndexOutOfBoundsException) throw new OnnxException("internal error in " + s.op + " node " + s.node + ": " + e, e);
            throw new OnnxException(s.op + " node '" + s.node + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OnnxException("internal error in " + s.op + " node " + s.node + ": " + e, e);
        }
    }

    static String label(Node n) {
        return n.name().isEmpty() ? (n.outputs().isEmpty() ? n.opType() : n.outputs().get(0)) : n.name();
    }

    /**
     * Runs the graph on the engine's tape: returns every value (constants, inputs, intermediates), float
     * ones as tensors recorded for backward when an input requires a gradient. Each layer's output is
     * a probe point named after the layer, as in a native {@code Model}.
     */
    Object[] run(Object[] in) {
        if (in.length != inputs.length)
            throw new OnnxException("the model takes " + inputs.length + " inputs, got " + in.length);
        Object[] v = new Object[consts.length];
        for (int i = 0; i < v.length; i++) v[i] = runtime(consts[i]);
        for (int i = 0; i < inputs.length; i++) v[inputs[i]] = in[i];
        long live = 0;
        String key = shapeKey(in);
        Object[] folded = shapeFolds.get(key);
        boolean fold = folded == null;
        if (fold) folded = new Object[v.length];
        // a probe session could ask for a chain's inner layers: then every chain runs node by node
        boolean fuse = !ProbeSession.anyOpen() && !Boolean.getBoolean(NO_FUSION);
        for (int k = 0; k < steps.length; k++) {
            Step s = steps[k];
            if (shapeStep[k] && !fold && cached(s, folded, v)) continue;
            if (fuse && inChain[k]) {
                ConvFusion.Chain ch = chainEnding[k];
                if (ch == null) continue; // runs at the chain's last step
                Step first = steps[ch.steps()[0]];
                Tensor y = guard(first, () -> ConvFusion.run(ch, steps, v, new Ctx(maxBytes, first.node, first.op)));
                if (y != null) {
                    v[s.out[0]] = y;
                    live = charge(live, y, s);
                    String layer = probeName[s.out[0]];
                    if (layer != null) y.probe(layer);
                    continue;
                }
                for (int c : ch.steps()) if (c != k) live = step(c, v, live, false, null); // this run's values do not fit it
            }
            live = step(k, v, live, fold, folded);
        }
        if (fold) {
            if (shapeFolds.size() >= MAX_SHAPE_FOLDS) shapeFolds.clear();
            shapeFolds.put(key, folded);
        }
        return v;
    }

    /** Runs step k on the values computed so far; returns the bytes now held. */
    private long step(int k, Object[] v, long live, boolean fold, Object[] folded) {
        Step s = steps[k];
        Object[] args = new Object[s.in.length];
        for (int j = 0; j < args.length; j++) {
            if (s.in[j] < 0) continue;
            args[j] = v[s.in[j]];
            if (args[j] == null)
                throw new OnnxException("node " + s.node + " reads '" + names[s.in[j]] + "', which was not computed");
        }
        if (!(s.kernel instanceof Kernel.TakesInts))
            for (int j = 0; j < args.length; j++) if (args[j] instanceof Values.Ints) args[j] = Values.array(args[j]);
        Object[] r = guard(s, () -> s.kernel.run(args, new Ctx(maxBytes, s.node, s.op)));
        for (int j = 0; j < s.out.length && j < r.length; j++) {
            v[s.out[j]] = r[j];
            if (r[j] != null) live = charge(live, r[j], s);
        }
        String layer = probeName[s.out[0]];
        if (layer != null && v[s.out[0]] instanceof Tensor t) t.probe(layer);
        if (fold && shapeStep[k])
            for (int o : s.out) if (v[o] instanceof NdArray a) folded[o] = a; // immutable; float results are recomputed
        return live;
    }

    /** Fills a shape step's outputs from the folds of an earlier run with the same input shapes; false if one is not int64. */
    private static boolean cached(Step s, Object[] folded, Object[] v) {
        for (int o : s.out) if (folded[o] == null) return false;
        for (int o : s.out) v[o] = folded[o];
        return true;
    }

    int shapeFoldCount() {
        return shapeFolds.size();
    }

    private static String shapeKey(Object[] in) {
        StringBuilder b = new StringBuilder();
        for (Object x : in) b.append(Arrays.toString(Values.shape(x)));
        return b.toString();
    }
}
