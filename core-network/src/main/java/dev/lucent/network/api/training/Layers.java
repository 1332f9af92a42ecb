package dev.lucent.network.api.training;

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

    /**
     * How many parameter values {@link #create} will allocate for this type and config, computed without allocating
     * (64-bit, {@code Long.MAX_VALUE} when the product overflows), so a model file can be checked against the bytes
     * that must hold them. Negative sizes and groups below 1 are refused here, as the constructors would.
     */
    static long parameterValues(String type, Map<String, String> c) {
        try {
            return switch (type) {
                case "linear" -> sum(product(size(c, "in"), size(c, "out")), b(c, "bias") ? size(c, "out") : 0);
                case "conv2d" -> {
                    int groups = i(c, "groups");
                    if (groups < 1) throw new IllegalArgumentException("conv2d needs at least 1 group, got " + groups);
                    int k = size(c, "kernel");
                    yield sum(product(size(c, "out"), size(c, "in") / groups, k, k), b(c, "bias") ? size(c, "out") : 0);
                }
                case "batch_norm" -> product(4, size(c, "channels"));
                case "layer_norm" -> {
                    long n = 2;
                    for (int d : intList(s(c, "shape"))) n = product(n, nonNegative(d, "layer_norm shape"));
                    yield n;
                }
                default -> 0;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer '" + type + "' has a malformed setting in " + c + ": " + e.getMessage(), e);
        }
    }

    private static int size(Map<String, String> c, String k) {
        return nonNegative(i(c, k), "'" + k + "'");
    }

    private static int nonNegative(int v, String what) {
        if (v < 0) throw new IllegalArgumentException(what + " must not be negative, got " + v);
        return v;
    }

    private static long product(long... v) {
        long n = 1;
        try {
            for (long x : v) n = Math.multiplyExact(n, x);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return n;
    }

    private static long sum(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
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
