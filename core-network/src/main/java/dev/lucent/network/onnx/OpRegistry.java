package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.onnx.Defs.Node;
import dev.lucent.network.onnx.Elementwise.Binary;
import dev.lucent.network.onnx.Elementwise.Op;
import dev.lucent.network.onnx.Elementwise.Unary;
import dev.lucent.network.onnx.ShapeOps.IndexMap;
import dev.lucent.network.onnx.ShapeOps.Move;
import dev.lucent.network.onnx.ShapeOps.NoGrad;
import dev.lucent.network.onnx.ShapeOps.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Maps an ONNX node (operator, opset, attributes) to a {@link Kernel}. Every attribute a kernel does
 * not understand is refused here, at import, with the node named; so is every other operator.
 */
final class OpRegistry {
    private OpRegistry() {
    }

    /** Operators this importer maps, for documentation and error messages. */
    static final List<String> SUPPORTED = List.of("Abs", "Add", "And", "ArgMax", "ArgMin", "AveragePool", "BatchNormalization", "Cast", "Clip",
            "Ceil", "Concat", "Constant", "ConstantOfShape", "Conv", "ConvTranspose", "Div", "Dropout", "Elu", "Equal", "Erf",
            "Exp", "Expand", "Flatten", "Floor", "Greater", "GreaterOrEqual", "Gather", "Gelu", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid", "HardSwish",
            "Identity", "InstanceNormalization", "LayerNormalization", "LeakyRelu", "Less", "LessOrEqual", "Log", "LogSoftmax", "LRN", "MatMul", "Max", "MaxPool", "Mean",
            "Min", "Mul", "Neg", "Not", "Or", "Pad", "Pow", "PRelu", "Range", "Reciprocal", "ReduceMax", "ReduceMean", "ReduceMin",
            "ReduceSum", "Relu", "Reshape", "Resize", "Round", "Selu", "Shape", "Sigmoid", "Sign", "Slice", "Softmax", "Softplus", "Softsign",
            "Split", "Sqrt", "Squeeze", "Sub", "Sum", "Tanh", "Tile", "Transpose", "Unsqueeze", "Upsample",
            "Where", "Xor");

    static final int MIN_OPSET = 6, MAX_OPSET = 21;

    /** {min inputs (all required), max inputs, max outputs} for a supported operator. */
    static int[] arity(String op, int v) {
        return switch (op) {
            case "Add", "Sub", "Mul", "Div", "Pow", "PRelu", "MatMul", "Gather", "Tile", "Expand", "Equal", "Less", "Greater",
                    "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor" -> new int[]{2, 2, 1};
            case "Where", "Range" -> new int[]{3, 3, 1};
            case "Resize" -> new int[]{v < 11 ? 2 : 1, v < 11 ? 2 : 4, 1};
            case "Upsample" -> new int[]{v < 9 ? 1 : 2, v < 9 ? 1 : 2, 1};
            case "Max", "Min", "Sum", "Mean", "Concat" -> new int[]{1, Integer.MAX_VALUE, 1};
            case "Gemm", "Conv", "ConvTranspose" -> new int[]{2, 3, 1};
            case "Clip" -> new int[]{1, v < 11 ? 1 : 3, 1};
            case "Dropout" -> new int[]{1, 3, 2};
            case "MaxPool" -> new int[]{1, 1, 2};
            case "BatchNormalization" -> new int[]{5, 5, 5};
            case "LayerNormalization" -> new int[]{2, 3, 3};
            case "InstanceNormalization" -> new int[]{3, 3, 1};
            case "Reshape" -> new int[]{2, 2, 1};
            case "Squeeze", "Unsqueeze" -> new int[]{v < 13 || op.equals("Squeeze") ? 1 : 2, v < 13 ? 1 : 2, 1};
            case "Slice" -> v < 10 ? new int[]{1, 1, 1} : new int[]{3, 5, 1};
            case "Pad" -> v < 11 ? new int[]{1, 1, 1} : new int[]{2, 4, 1};
            case "Split" -> new int[]{1, 2, Integer.MAX_VALUE};
            case "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin" -> new int[]{1, 2, 1};
            case "Constant" -> new int[]{0, 0, 1};
            default -> new int[]{1, 1, 1};
        };
    }

    /**
     * The node with its optional outputs that nothing reads left unnamed, as if the exporter had omitted them: an
     * unused Dropout mask, MaxPool Indices or LayerNormalization Mean/InvStdDev must not block an import. (The
     * training outputs of BatchNormalization are not dropped: declaring them puts the operator in training mode.)
     */
    static Node withoutUnreadOptionalOutputs(Node n, Set<String> read) {
        if (!OPTIONAL_OUTPUTS.contains(n.opType()) || n.outputs().size() < 2) return n;
        List<String> outs = new ArrayList<>(n.outputs());
        for (int j = 1; j < outs.size(); j++) if (!read.contains(outs.get(j))) outs.set(j, "");
        return outs.equals(n.outputs()) ? n : new Node(n.name(), n.opType(), n.domain(), n.inputs(), List.copyOf(outs), n.attributes());
    }

    private static final Set<String> OPTIONAL_OUTPUTS = Set.of("Dropout", "MaxPool", "LayerNormalization");

    static Kernel create(NodeAttrs at) {
        int v = at.opset;
        String op = at.node.opType();
        if (SUPPORTED.contains(op)) {
            int[] ar = arity(op, v);
            int ni = at.node.inputs().size(), no = at.node.outputs().size();
            if (ni < ar[0] || ni > ar[1] || no < 1 || no > ar[2])
                throw at.invalid("has " + ni + " inputs and " + no + " outputs; " + op + " takes " + ar[0]
                        + (ar[1] == ar[0] ? "" : ar[1] == Integer.MAX_VALUE ? " or more" : " to " + ar[1]) + " inputs and at most "
                        + (ar[2] == Integer.MAX_VALUE ? "any number of" : String.valueOf(ar[2])) + " outputs");
            // Variadic operators have no optional inputs: every one listed is required.
            int required = ar[1] == Integer.MAX_VALUE ? ni : ar[0];
            for (int j = 0; j < required; j++)
                if (at.node.inputs().get(j).isEmpty()) throw at.invalid("required input " + j + " is missing");
        }
        switch (op) {
            case "Relu" -> { at.only(); return new Unary(Tensor::relu); }
            case "Sigmoid" -> { at.only(); return new Unary(Tensor::sigmoid); }
            case "Tanh" -> { at.only(); return new Unary(Tensor::tanh); }
            case "Exp" -> { at.only(); return new Unary(Tensor::exp); }
            case "Log" -> { at.only(); return new Unary(Tensor::log); }
            case "Sqrt" -> { at.only(); return new Unary(Tensor::sqrt); }
            case "Neg" -> { at.only(); return new Unary(Tensor::neg); }
            case "Abs" -> { at.only(); return new Unary(Tensor::abs); }
            case "Reciprocal" -> { at.only(); return new Unary(Composed::reciprocal); }
            case "Erf" -> { at.only(); return new Unary(Tensor::erf); }
            case "Floor" -> { at.only(); return new Unary(Tensor::floor); }
            case "Ceil" -> { at.only(); return new Unary(Tensor::ceil); }
            case "Round" -> { at.only(); return new Unary(Tensor::round); } // halves to even, as ONNX
            case "Sign" -> { at.only(); return new Unary(Tensor::sign); }
            case "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor" -> {
                at.only();
                String name = op.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
                return new LogicOps.Compare(LogicOps.Cmp.valueOf(name));
            }
            case "Not" -> {
                at.only();
                return new LogicOps.Not();
            }
            case "Where" -> { at.only(); return new LogicOps.Where(); }
            case "Range" -> { at.only(); return new NoGrad(LogicOps::range); }
            case "ArgMax", "ArgMin" -> {
                at.only("axis", "keepdims", "select_last_index");
                long axis = at.i("axis", 0);
                boolean keep = at.i("keepdims", 1) != 0, last = at.i("select_last_index", 0) != 0, max = op.equals("ArgMax");
                return new LogicOps.Arg(axis, keep, last, max);
            }
            case "Resize", "Upsample" -> { return Resize.create(at); }
            case "Softsign" -> { at.only(); return new Unary(Composed::softsign); }
            case "Softplus" -> { at.only(); return new Unary(Tensor::softplus); }
            case "LeakyRelu" -> {
                at.only("alpha");
                float a = at.f("alpha", 0.01f);
                return new Unary(x -> x.leakyRelu(a));
            }
            case "Elu" -> {
                at.only("alpha");
                float a = at.f("alpha", 1f);
                return new Unary(x -> x.elu(a));
            }
            case "Selu" -> {
                at.only("alpha", "gamma");
                float a = at.f("alpha", 1.67326319217681884765625f), g = at.f("gamma", 1.05070102214813232421875f);
                return new Unary(x -> Composed.selu(x, a, g));
            }
            case "HardSigmoid" -> {
                at.only("alpha", "beta");
                float a = at.f("alpha", 0.2f), b = at.f("beta", 0.5f);
                return new Unary(x -> Composed.hardSigmoid(x, a, b));
            }
            case "HardSwish" -> { at.only(); return new Unary(Composed::hardSwish); } // MobileNet v3, opset 14+
            case "Gelu" -> {
                if (v < 20) throw at.unsupported();
                at.only("approximate");
                String ap = at.s("approximate", "none");
                if (ap.equals("none")) return new Unary(Tensor::gelu);
                if (ap.equals("tanh")) return new Unary(Tensor::geluTanh);
                throw at.unsupportedAttr("approximate", "= " + ap);
            }
            case "Clip" -> {
                if (v < 11) {
                    at.only("min", "max");
                    return new Elementwise.Clip(at.f("min", -Float.MAX_VALUE), at.f("max", Float.MAX_VALUE));
                }
                at.only();
                return new Elementwise.Clip(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
            }
            case "Add", "Sub", "Mul", "Div", "Pow" -> {
                Binary k = new Binary(Op.valueOf(op.toUpperCase()));
                if (v >= 7) {
                    at.only();
                    return k;
                }
                return legacyBroadcast(at, k);
            }
            case "PRelu" -> {
                at.only();
                Binary k = new Binary(Op.PRELU);
                if (v >= 7) return k;
                // Opset 6: a 1-D slope of C values is per channel (axis 1), not numpy-aligned to the last axis.
                return (in, ctx) -> {
                    int[] x = Values.shape(in[0]), sl = Values.shape(in[1]);
                    if (sl.length != 1 || x.length < 2 || sl[0] != x[1] || sl[0] == 1) return k.run(in, ctx);
                    int[] shape = new int[x.length - 1];
                    Arrays.fill(shape, 1);
                    shape[0] = sl[0];
                    return k.run(new Object[]{in[0], Values.tensor(in[1]).reshape(shape)}, ctx);
                };
            }
            case "Max", "Min", "Sum", "Mean" -> {
                at.only();
                return null; // variadic: lowered by the compiler into a chain of binary kernels
            }
            case "MatMul" -> { at.only(); return new LinearOps.MatMul(); }
            case "Gemm" -> {
                if (v < 7) at.only("alpha", "beta", "transA", "transB", "broadcast");
                else at.only("alpha", "beta", "transA", "transB");
                return new LinearOps.Gemm(at.f("alpha", 1f), at.f("beta", 1f), at.i("transA", 0) != 0, at.i("transB", 0) != 0);
            }
            case "Conv" -> { return new Conv(at); }
            case "ConvTranspose" -> { return new ConvTranspose(at); }
            case "MaxPool" -> { return new Pool(at, true, false); }
            case "AveragePool" -> { return new Pool(at, false, false); }
            case "GlobalAveragePool" -> { return new Pool(at, false, true); }
            case "GlobalMaxPool" -> { return new Pool(at, true, true); }
            case "BatchNormalization" -> {
                at.only("epsilon", "momentum", "spatial", "training_mode", "is_test");
                if (v < 7 && at.i("is_test", 0) == 0) throw at.unsupportedAttr("is_test", "= 0 (training mode)");
                if (at.i("training_mode", 0) != 0) throw at.unsupportedAttr("training_mode", "= 1");
                if (at.i("spatial", 1) != 1) throw at.unsupportedAttr("spatial", "= 0");
                if (at.node.outputs().size() > 1 && at.node.outputs().subList(1, at.node.outputs().size()).stream().anyMatch(s -> !s.isEmpty()))
                    throw at.unsupportedAttr("running statistics outputs", "(training mode)");
                return new NormOps.BatchNorm(at.f("epsilon", 1e-5f));
            }
            case "InstanceNormalization" -> {
                at.only("epsilon");
                return new NormOps.InstanceNorm(at.f("epsilon", 1e-5f));
            }
            case "LRN" -> {
                at.only("size", "alpha", "beta", "bias");
                long size = at.i("size", 0);
                if (size < 1 || size > Integer.MAX_VALUE) throw at.invalid("size must be a positive window width, got " + size);
                float alpha = at.f("alpha", 1e-4f), beta = at.f("beta", 0.75f), bias = at.f("bias", 1f);
                return new Unary(x -> {
                    if (x.rank() < 2) throw new IllegalArgumentException("LRN needs [N, C, ...], got rank " + x.rank());
                    return Composed.lrn(x, (int) size, alpha, beta, bias);
                });
            }
            case "LayerNormalization" -> {
                if (v < 17) throw at.unsupported();
                at.only("axis", "epsilon", "stash_type");
                if (at.node.outputs().size() > 1 && at.node.outputs().subList(1, at.node.outputs().size()).stream().anyMatch(s -> !s.isEmpty()))
                    throw at.unsupportedAttr("Mean/InvStdDev outputs", "");
                return new NormOps.LayerNorm(at.i("axis", -1), at.f("epsilon", 1e-5f));
            }
            case "Softmax", "LogSoftmax" -> {
                at.only("axis");
                boolean old = v < 13;
                return new NormOps.Softmax(at.i("axis", old ? 1 : -1), old, op.equals("LogSoftmax"));
            }
            case "Dropout" -> {
                at.only("ratio", "seed", "is_test");
                if (at.node.outputs().size() > 1 && !at.node.outputs().get(1).isEmpty())
                    throw at.unsupportedAttr("mask", "(second output, read by the graph: Lucent runs Dropout as inference, without a mask)");
                return new View((in, ctx) -> {
                    if (in.length > 2 && in[2] != null && in[2].size() > 0 && in[2].getLong(0) != 0)
                        throw ctx.error("training_mode = true is not supported (inference only)");
                    return in[0].shape;
                });
            }
            case "Identity" -> { at.only(); return new View((in, ctx) -> in[0].shape); }
            case "Flatten" -> {
                at.only("axis");
                long axis = at.i("axis", 1);
                return new View((in, ctx) -> ShapeOps.flatten(in[0].shape, axis, ctx));
            }
            case "Reshape" -> {
                at.only("allowzero");
                boolean allowZero = at.i("allowzero", 0) != 0;
                return new View((in, ctx) -> {
                    if (in.length < 2 || in[1] == null) throw ctx.error("no shape input");
                    return ShapeOps.reshape(in[0].shape, in[1].ints(ctx, "shape"), allowZero, ctx);
                });
            }
            case "Squeeze" -> {
                if (v < 13) {
                    at.only("axes");
                    long[] axes = at.ints("axes", null);
                    return new View((in, ctx) -> ShapeOps.squeeze(in[0].shape, axes, ctx));
                }
                at.only();
                return new View((in, ctx) -> ShapeOps.squeeze(in[0].shape, in.length > 1 && in[1] != null ? in[1].ints(ctx, "axes") : null, ctx));
            }
            case "Unsqueeze" -> {
                if (v < 13) {
                    at.only("axes");
                    long[] axes = at.ints("axes", null);
                    if (axes == null) throw at.invalid("axes is required");
                    return new View((in, ctx) -> ShapeOps.unsqueeze(in[0].shape, axes, ctx));
                }
                at.only();
                return new View((in, ctx) -> {
                    if (in.length < 2 || in[1] == null) throw ctx.error("no axes input");
                    return ShapeOps.unsqueeze(in[0].shape, in[1].ints(ctx, "axes"), ctx);
                });
            }
            case "Transpose" -> {
                at.only("perm");
                long[] perm = at.ints("perm", null);
                return new Move((x, in, ctx) -> ShapeOps.transpose(x, perm, ctx));
            }
            case "Slice" -> {
                if (v < 10) {
                    at.only("starts", "ends", "axes");
                    long[] s = at.ints("starts", null), e = at.ints("ends", null), a = at.ints("axes", null);
                    if (s == null || e == null) throw at.invalid("starts and ends are required");
                    return new Move((x, in, ctx) -> ShapeOps.slice(x, s, e, a, null, ctx));
                }
                at.only();
                return new Move((x, in, ctx) -> ShapeOps.slice(x, in[1].ints(ctx, "starts"), in[2].ints(ctx, "ends"),
                        in.length > 3 && in[3] != null ? in[3].ints(ctx, "axes") : null, in.length > 4 && in[4] != null ? in[4].ints(ctx, "steps") : null, ctx));
            }
            case "Gather" -> {
                at.only("axis");
                long axis = at.i("axis", 0);
                return new Move((x, in, ctx) -> {
                    if (in[1].isFloat()) throw ctx.error("indices must be integers");
                    return ShapeOps.gather(x, in[1], axis, ctx);
                });
            }
            case "Pad" -> {
                if (v < 11) {
                    at.only("pads", "mode", "value");
                    String mode = at.s("mode", "constant");
                    checkPadMode(mode, at);
                    long[] pads = at.ints("pads", null);
                    if (pads == null) throw at.invalid("pads is required");
                    float value = at.f("value", 0f);
                    return new ShapeOps.Pad(mode, pads, value);
                }
                at.only("mode");
                String mode = at.s("mode", "constant");
                checkPadMode(mode, at);
                return new ShapeOps.Pad(mode, null, 0f);
            }
            case "Tile" -> {
                at.only();
                return new IndexMap((in, ctx) -> ShapeOps.tile(in[0].shape, in[1].ints(ctx, "repeats"), ctx));
            }
            case "Expand" -> {
                at.only();
                return new Move((x, in, ctx) -> ShapeOps.expand(x, in[1].ints(ctx, "shape"), ctx));
            }
            case "Concat" -> {
                at.only("axis");
                if (!at.has("axis")) throw at.invalid("axis is required");
                return new ShapeOps.Concat(at.i("axis", 0));
            }
            case "Split" -> {
                at.only("axis", "split", "num_outputs");
                int outs = at.node.outputs().size();
                if (at.has("num_outputs") && at.i("num_outputs", 0) != outs)
                    throw at.invalid("num_outputs " + at.i("num_outputs", 0) + " but " + outs + " outputs");
                return new ShapeOps.Split(at.i("axis", 0), at.ints("split", null), outs);
            }
            case "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin" -> {
                at.only("axes", "keepdims", "noop_with_empty_axes");
                ReduceOps.Kind kind = ReduceOps.Kind.valueOf(op.substring(6).toUpperCase());
                return new ReduceOps(kind, at.ints("axes", null), at.i("keepdims", 1) != 0, at.i("noop_with_empty_axes", 0) != 0);
            }
            case "Shape" -> {
                at.only("start", "end");
                long start = at.i("start", 0);
                Long end = at.has("end") ? at.i("end", 0) : null;
                return (in, ctx) -> { // reads the shape only, never the values
                    int[] shape = Values.shape(in[0]);
                    int r = shape.length;
                    long s = start < 0 ? start + r : start, e = end == null ? r : end < 0 ? end + r : end;
                    s = Math.max(0, Math.min(s, r));
                    e = Math.max(s, Math.min(e, r));
                    long[] d = new long[(int) (e - s)];
                    for (int i = 0; i < d.length; i++) d[i] = shape[(int) s + i];
                    return new Object[]{NdArray.longs(new int[]{d.length}, d)};
                };
            }
            case "Cast" -> {
                at.only("to", "saturate");
                int to = (int) at.i("to", 0);
                if (Defs.isFloatType(to)) return new Unary(x -> x); // integers become float tensors; floats pass, gradient and all
                switch (to) {
                    case Defs.INT64, Defs.INT32, Defs.INT16, Defs.INT8, Defs.UINT8, Defs.UINT16, Defs.UINT32, Defs.UINT64, Defs.BOOL -> {
                        return new LogicOps.ToInt(to == Defs.BOOL);
                    }
                    default -> throw at.unsupportedAttr("to", "= " + Defs.typeName(to));
                }
            }
            case "Constant" -> {
                NdArray value = constantValue(at);
                return new NoGrad((in, ctx) -> new NdArray[]{value});
            }
            case "ConstantOfShape" -> {
                at.only("value");
                Defs.Attr va = at.attr("value");
                if (va != null && va.t() == null) throw at.invalid("value is not a tensor");
                NdArray value = va == null ? NdArray.scalar(0f) : va.t().value();
                if (value.size() != 1) throw at.invalid("value must hold one element");
                return new NoGrad((in, ctx) -> {
                    long[] dims = in[0].ints(ctx, "shape");
                    String what = "output of ConstantOfShape node '" + ctx.node() + "'";
                    int n = NdArray.checkedSize(dims, value.isFloat() ? 4 : 8, ctx.maxBytes(), what);
                    int[] shape = NdArray.toIntShape(dims);
                    if (value.isFloat()) {
                        float[] d = new float[n];
                        Arrays.fill(d, value.f[0]);
                        return new NdArray[]{NdArray.floats(shape, d)};
                    }
                    long[] d = new long[n];
                    Arrays.fill(d, value.l[0]);
                    return new NdArray[]{NdArray.longs(shape, d)};
                });
            }
            default -> throw at.unsupported();
        }
    }

    /**
     * Opset 6 broadcasting: with broadcast = 1 the second operand is aligned to the first starting
     * at {@code axis} (right-aligned when absent); with broadcast = 0 the shapes must be equal.
     */
    private static Kernel legacyBroadcast(NodeAttrs at, Binary k) {
        at.only("broadcast", "axis");
        boolean bc = at.i("broadcast", 0) != 0;
        Long axis = at.has("axis") ? at.i("axis", 0) : null;
        return (in, ctx) -> {
            int[] sa = Values.shape(in[0]), sb = Values.shape(in[1]);
            if (!bc) {
                if (!Arrays.equals(sa, sb))
                    throw ctx.error("shapes " + Arrays.toString(sa) + " and " + Arrays.toString(sb) + " differ and broadcast = 0");
                return k.run(in, ctx);
            }
            if (axis == null) return k.run(in, ctx);
            int ra = sa.length, rb = sb.length;
            int a = (int) (axis < 0 ? axis + ra : axis);
            if (a < 0 || a + rb > ra) throw ctx.error("broadcast axis " + axis + " does not fit the shapes");
            int[] s = new int[ra - a];
            Arrays.fill(s, 1);
            System.arraycopy(sb, 0, s, 0, rb);
            Object b = in[1] instanceof NdArray n ? n.reshaped(s) : ((Tensor) in[1]).reshape(s);
            return k.run(new Object[]{in[0], b}, ctx);
        };
    }

    private static void checkPadMode(String mode, NodeAttrs at) {
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge"))
            throw at.unsupportedAttr("mode", "= " + mode);
    }


    private static NdArray constantValue(NodeAttrs at) {
        at.only("value", "value_float", "value_floats", "value_int", "value_ints");
        if (at.node.attributes().size() != 1) throw at.invalid("needs exactly one value attribute");
        Defs.Attr a = at.node.attributes().get(0);
        int want = switch (a.name()) {
            case "value" -> Defs.A_TENSOR;
            case "value_float" -> Defs.A_FLOAT;
            case "value_floats" -> Defs.A_FLOATS;
            case "value_int" -> Defs.A_INT;
            default -> Defs.A_INTS;
        };
        if (a.type() != 0 && a.type() != want) throw at.invalid("attribute " + a.name() + " has type " + a.type() + ", expected " + want);
        return switch (a.name()) {
            case "value" -> {
                if (a.t() == null) throw at.invalid("value is not a tensor");
                yield a.t().value();
            }
            case "value_float" -> NdArray.scalar(a.f());
            case "value_floats" -> NdArray.floats(new int[]{a.floats().length}, a.floats());
            case "value_int" -> NdArray.longs(new int[0], new long[]{a.i()});
            default -> NdArray.longs(new int[]{a.ints().length}, a.ints());
        };
    }
}
