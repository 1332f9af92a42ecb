package dev.lucent.network.api.onnx;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Layer;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.onnx.OnnxBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes Lucent {@link Model}s as ONNX (opset 17, inference form: batch norm with its running
 * statistics, dropout as Identity), with a dynamic batch dimension. The ONNX node carrying a layer's
 * output has the layer's name, so a re-imported model has the same layer names. Layers without an
 * ONNX form are refused with an {@link OnnxException} naming them.
 */
public final class OnnxExporter {
    /** The opset written: old enough for every current runtime, new enough for LayerNormalization. */
    public static final int OPSET = 17;

    public byte[] export(Model model) {
        int[] in = model.inputShape();
        long[] inDims = new long[in.length + 1];
        inDims[0] = -1;
        for (int i = 0; i < in.length; i++) inDims[i + 1] = in[i];
        OnnxBuilder b = new OnnxBuilder(model.name(), OPSET).input(Model.INPUT, inDims);
        List<Model.Node> nodes = model.nodes();
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Model.Node n = nodes.get(i);
            String[] ins = new String[n.inputs().length];
            for (int k = 0; k < ins.length; k++) ins[k] = n.inputs()[k] < 0 ? Model.INPUT : outs.get(n.inputs()[k]);
            String out = i == nodes.size() - 1 ? "output" : n.name();
            layer(b, n.name(), n.layer(), ins, out);
            outs.add(out);
        }
        return b.output("output", -1, model.outputCount()).build();
    }

    private static void layer(OnnxBuilder b, String name, Layer layer, String[] in, String out) {
        Map<String, String> c = layer.config();
        String p = name + ".";
        switch (layer.type()) {
            case "linear" -> {
                // Lucent keeps W as [in, out] and applies it to the last axis of any rank: MatMul, then the bias.
                Parameter w = param(layer, "weight");
                b.init(p + "weight", w.values(), w.shape());
                Parameter bias = param(layer, "bias");
                if (bias == null) {
                    b.node("MatMul", name, new String[]{in[0], p + "weight"}, new String[]{out});
                } else {
                    b.init(p + "bias", bias.values(), bias.shape());
                    b.node("MatMul", name + "/matmul", new String[]{in[0], p + "weight"}, new String[]{name + "/xw"});
                    b.node("Add", name, new String[]{name + "/xw", p + "bias"}, new String[]{out});
                }
            }
            case "conv2d" -> {
                Parameter w = param(layer, "weight");
                b.init(p + "weight", w.values(), w.shape());
                Parameter bias = param(layer, "bias");
                List<String> ins = new ArrayList<>(List.of(in[0], p + "weight"));
                if (bias != null) {
                    b.init(p + "bias", bias.values(), bias.shape());
                    ins.add(p + "bias");
                }
                long k = l(c, "kernel"), s = l(c, "stride"), pad = l(c, "padding"), d = l(c, "dilation");
                b.node("Conv", name, ins.toArray(String[]::new), new String[]{out}, "kernel_shape", new long[]{k, k},
                        "strides", new long[]{s, s}, "pads", new long[]{pad, pad, pad, pad}, "dilations", new long[]{d, d},
                        "group", l(c, "groups"));
            }
            case "max_pool2d", "avg_pool2d" -> {
                boolean max = layer.type().startsWith("max");
                long k = l(c, "kernel"), s = l(c, "stride"), pad = l(c, "padding");
                if (k == 0) { // global pooling: Lucent drops the spatial axes, ONNX keeps them as 1s
                    b.node(max ? "GlobalMaxPool" : "GlobalAveragePool", name + "/pool", new String[]{in[0]}, new String[]{name + "/pooled"});
                    b.node("Flatten", name, new String[]{name + "/pooled"}, new String[]{out}, "axis", 1L);
                } else if (max) {
                    b.node("MaxPool", name, in, new String[]{out}, "kernel_shape", new long[]{k, k}, "strides", new long[]{s, s},
                            "pads", new long[]{pad, pad, pad, pad});
                } else {
                    b.node("AveragePool", name, in, new String[]{out}, "kernel_shape", new long[]{k, k}, "strides", new long[]{s, s},
                            "pads", new long[]{pad, pad, pad, pad}, "count_include_pad", 1L);
                }
            }
            case "batch_norm" -> {
                String[] ins = {in[0], p + "gamma", p + "beta", p + "running_mean", p + "running_var"};
                for (String pn : new String[]{"gamma", "beta", "running_mean", "running_var"}) {
                    Parameter q = param(layer, pn);
                    b.init(p + pn, q.values(), q.shape());
                }
                b.node("BatchNormalization", name, ins, new String[]{out}, "epsilon", f(c, "eps"));
            }
            case "layer_norm" -> {
                Parameter g = param(layer, "gamma"), be = param(layer, "beta");
                b.init(p + "gamma", g.values(), g.shape()).init(p + "beta", be.values(), be.shape());
                b.node("LayerNormalization", name, new String[]{in[0], p + "gamma", p + "beta"}, new String[]{out},
                        "axis", (long) -g.shape().length, "epsilon", f(c, "eps"));
            }
            case "dropout" -> b.node("Identity", name, in, new String[]{out});
            case "flatten" -> b.node("Flatten", name, in, new String[]{out}, "axis", 1L);
            case "add" -> b.node("Sum", name, in, new String[]{out});
            case "concat" -> b.node("Concat", name, in, new String[]{out}, "axis", l(c, "axis"));
            case "activation" -> activation(b, name, Activation.Kind.valueOf(c.get("kind")), f(c, "alpha"), in[0], out);
            default -> throw new OnnxException("layer '" + name + "' of type " + layer.type() + " has no ONNX export");
        }
    }

    private static void activation(OnnxBuilder b, String name, Activation.Kind kind, float alpha, String in, String out) {
        String[] x = {in}, y = {out};
        switch (kind) {
            case RELU -> b.node("Relu", name, x, y);
            case LEAKY_RELU -> b.node("LeakyRelu", name, x, y, "alpha", alpha);
            case ELU -> b.node("Elu", name, x, y, "alpha", alpha);
            case SIGMOID -> b.node("Sigmoid", name, x, y);
            case TANH -> b.node("Tanh", name, x, y);
            case SOFTPLUS -> b.node("Softplus", name, x, y);
            case GELU -> {
                // Exact GELU, x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)); the Gelu operator needs opset 20.
                String s = name + "/";
                b.init(s + "sqrt2", new float[]{(float) Math.sqrt(2)}).init(s + "one", new float[]{1f}).init(s + "half", new float[]{0.5f});
                b.node("Div", s + "scale", new String[]{in, s + "sqrt2"}, new String[]{s + "z"});
                b.node("Erf", s + "erf", new String[]{s + "z"}, new String[]{s + "e"});
                b.node("Add", s + "plus1", new String[]{s + "e", s + "one"}, new String[]{s + "p"});
                b.node("Mul", s + "times_x", new String[]{in, s + "p"}, new String[]{s + "xp"});
                b.node("Mul", name, new String[]{s + "xp", s + "half"}, y);
            }
        }
    }

    private static Parameter param(Layer layer, String name) {
        for (Parameter p : layer.parameters()) if (p.name().equals(name)) return p;
        return null;
    }

    private static long l(Map<String, String> c, String k) {
        return Long.parseLong(c.get(k));
    }

    private static float f(Map<String, String> c, String k) {
        return Float.parseFloat(c.get(k));
    }
}
