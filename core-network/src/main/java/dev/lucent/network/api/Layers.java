package dev.lucent.network.api;

import java.util.Arrays;
import java.util.Map;

/** Rebuilds layers from their type and config (model files, copies). */
public final class Layers {
    private Layers() {
    }

    /** A fresh layer (parameters at their seed-0 initial values) from a type tag and config. */
    public static Layer create(String type, Map<String, String> c) {
        try {
            return switch (type) {
                case "linear" -> new Linear(i(c, "in"), i(c, "out"), b(c, "bias"), Init.valueOf(s(c, "init")), 0L);
                case "conv2d" -> new Conv2d(i(c, "in"), i(c, "out"), i(c, "kernel"), i(c, "stride"), i(c, "padding"), i(c, "dilation"),
                        i(c, "groups"), b(c, "bias"), Init.valueOf(s(c, "init")), 0L);
                case "max_pool2d" -> Pool2d.of(true, i(c, "kernel"), i(c, "stride"), i(c, "padding"));
                case "avg_pool2d" -> Pool2d.of(false, i(c, "kernel"), i(c, "stride"), i(c, "padding"));
                case "batch_norm" -> new BatchNorm(i(c, "channels"), f(c, "momentum"), f(c, "eps"));
                case "layer_norm" -> new LayerNorm(f(c, "eps"), intList(s(c, "shape")));
                case "dropout" -> new Dropout(f(c, "p"));
                case "flatten" -> new Flatten();
                case "activation" -> new Activation(Activation.Kind.valueOf(s(c, "kind")), f(c, "alpha"));
                case "add" -> Merge.add(i(c, "inputs"));
                case "concat" -> Merge.concat(i(c, "axis"), i(c, "inputs"));
                default -> throw new IllegalArgumentException("unknown layer type '" + type + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer '" + type + "' has a malformed setting in " + c + ": " + e.getMessage(), e);
        }
    }

    private static String s(Map<String, String> c, String k) {
        String v = c.get(k);
        if (v == null) throw new IllegalArgumentException("layer config " + c + " lacks '" + k + "'");
        return v;
    }

    private static int i(Map<String, String> c, String k) {
        return Integer.parseInt(s(c, k));
    }

    private static float f(Map<String, String> c, String k) {
        return Float.parseFloat(s(c, k));
    }

    private static boolean b(Map<String, String> c, String k) {
        String v = s(c, k);
        if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("'" + k + "' must be true or false, got " + v);
        return Boolean.parseBoolean(v);
    }

    static String ints(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
        return sb.toString();
    }

    static int[] intList(String s) {
        if (s.isEmpty()) return new int[0];
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
