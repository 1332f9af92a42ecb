package dev.lucent.network.api;

import dev.lucent.network.internal.FusedOps;
import dev.lucent.network.internal.StepArena;
import dev.lucent.network.internal.TensorStorage;
import dev.lucent.network.kernel.ConvEpilogue;
import dev.lucent.network.kernel.Shapes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A float32 tensor, row-major, with shape and strides, and a node of the reverse-mode autodiff graph.
 *
 * <p>Tensors are immutable values as far as the graph is concerned: every op returns a new tensor; reshape,
 * permute, slice and expand return views sharing the data when they can. A tensor records how it was made
 * (its op, parents and local derivative) only when one of its inputs {@linkplain #requiresGrad() requires a
 * gradient} and gradient recording is on (see {@link #noGrad()}). {@link #backward()} walks the graph in
 * reverse topological order; gradients accumulate, so a tensor used twice gets the sum.
 *
 * <p>Ops live in package-private classes next to this one, one family per class, each op's forward kernel
 * call and local derivative together; the numeric kernels are in the private kernel package.
 */
public final class Tensor {
    /** Accumulates parents' gradients from this node's gradient {@code g} (logical row-major order). */
    @FunctionalInterface
    interface Backward {
        void apply(float[] g);
    }

    private static final Tensor[] NO_PARENTS = new Tensor[0];
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final AtomicInteger VISIT = new AtomicInteger();

    final float[] data;
    final int offset;
    final int[] shape;
    final int[] strides;
    final int size;
    final Tensor[] parents;
    final Backward backward;
    final String op;
    boolean requiresGrad;
    float[] grad;
    private int visit;

    static {
        // the training side (its own 0.x package) updates weights and gradients in place through this bridge
        TensorStorage.install(new TensorStorage.Access() {
            public float[] values(Tensor leaf) { return leaf.data; }
            public float[] gradient(Tensor t) { return t.grad; }
            public void recordGradient(Tensor leaf, boolean on) { leaf.requiresGrad = on; }
        });
        FusedOps.install(new FusedOps.Access() {
            public Tensor convEpilogue(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation,
                                       int groups, float[][] scaleShift, Tensor residual, ConvEpilogue.Clamp clamp, float lo, float hi) {
                return Convolution.conv(x, w, bias, stride, padBegin, padEnd, dilation, groups, scaleShift, residual, clamp, lo, hi);
            }

            public Tensor affineClamp(Tensor x, float[][] scaleShift, ConvEpilogue.Clamp clamp, float lo, float hi) {
                return Normalization.affineClamp(x, scaleShift, clamp, lo, hi);
            }

            public float[][] batchNormScaleShift(Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
                try (Scope s = noGrad()) {
                    Tensor[] st = Normalization.evalScaleShift(gamma, beta, mean, var, eps, mean.size);
                    return new float[][]{st[0].toArray(), st[1].toArray()};
                }
            }
        });
    }

    Tensor(float[] data, int offset, int[] shape, int[] strides, String op, Backward backward, Tensor[] parents, boolean requiresGrad) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.size = Shapes.size(shape);
        this.op = op;
        this.backward = backward;
        this.parents = parents;
        this.requiresGrad = requiresGrad;
    }

    // ---------------------------------------------------------------- creation

    /** A tensor over a copy-free view of {@code data} with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int n = Shapes.size(shape);
        if (n != data.length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        return leaf(data, shape.clone());
    }

    static Tensor leaf(float[] data, int[] shape) {
        return new Tensor(data, 0, shape, Shapes.contiguousStrides(shape), "leaf", null, NO_PARENTS, false);
    }

    public static Tensor scalar(float value) {
        return leaf(new float[]{value}, new int[0]);
    }

    public static Tensor zeros(int... shape) {
        return leaf(new float[Shapes.size(shape)], shape.clone());
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        Arrays.fill(d, value);
        return leaf(d, shape.clone());
    }

    /** Values drawn from N(mean, std^2) by Box-Muller over a seeded SplittableRandom (same seed, same values, any JDK). */
    public static Tensor normal(long seed, float mean, float std, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        fillNormal(new SplittableRandom(seed), d, mean, std);
        return leaf(d, shape.clone());
    }

    public static Tensor randn(long seed, int... shape) {
        return normal(seed, 0f, 1f, shape);
    }

    /** Values uniform in [lo, hi). */
    public static Tensor uniform(long seed, float lo, float hi, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return leaf(d, shape.clone());
    }

    /** Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(long seed, int fanIn, int fanOut, int... shape) {
        float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        return uniform(seed, -a, a, shape);
    }

    /** He/Kaiming normal for ReLU nets: N(0, 2 / fanIn). */
    public static Tensor heNormal(long seed, int fanIn, int... shape) {
        return normal(seed, 0f, (float) Math.sqrt(2.0 / fanIn), shape);
    }

    static void fillNormal(SplittableRandom r, float[] d, float mean, float std) {
        for (int i = 0; i < d.length; i += 2) {
            double u1 = 1.0 - r.nextDouble(); // (0, 1]: log is finite
            double u2 = r.nextDouble();
            double rad = Math.sqrt(-2 * Math.log(u1));
            d[i] = (float) (mean + std * rad * Math.cos(2 * Math.PI * u2));
            if (i + 1 < d.length) d[i + 1] = (float) (mean + std * rad * Math.sin(2 * Math.PI * u2));
        }
    }

    // ---------------------------------------------------------------- values

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return size;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[Shapes.normalizeAxis(axis, shape.length)];
    }

    /** The values, row-major, as a fresh array. */
    public float[] toArray() {
        float[] out = new float[size];
        Shapes.copyStrided(data, offset, shape, strides, out, 0);
        return out;
    }

    /** One value by multi-index. */
    public float get(int... index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("index of rank " + index.length + " for tensor of shape " + Arrays.toString(shape));
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            p += index[i] * strides[i];
        }
        return data[p];
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (size != 1) throw new IllegalStateException("item() needs a one-element tensor, shape is " + Arrays.toString(shape));
        return data[offset];
    }

    public boolean isContiguous() {
        return Arrays.equals(strides, Shapes.contiguousStrides(shape)) || size <= 1;
    }

    /**
     * The values in logical row-major order: the backing array itself when it is exactly that (callers must
     * not write to it), else a copy.
     */
    float[] dense() {
        if (offset == 0 && data.length == size && isContiguous()) return data;
        return toArray();
    }

    /** A contiguous tensor (this one when already contiguous). */
    public Tensor contiguous() {
        if (offset == 0 && data.length == size && isContiguous()) return this;
        return ShapeOps.reshape(this, shape.clone());
    }

    @Override
    public String toString() {
        float[] v = toArray();
        String vals = v.length <= 12 ? Arrays.toString(v) : Arrays.toString(Arrays.copyOf(v, 12)).replace("]", ", ...]");
        return "Tensor" + Arrays.toString(shape) + (requiresGrad ? "(grad, " + op + ")" : "") + vals;
    }

    // ---------------------------------------------------------------- autodiff

    /** Whether gradients flow to this tensor in {@link #backward()}. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf (a parameter or an input) as needing its gradient; returns this. */
    public Tensor requireGrad() {
        if (backward != null) throw new IllegalStateException("requireGrad() is for leaf tensors; this one is the output of " + op);
        requiresGrad = true;
        return this;
    }

    /** The accumulated gradient (same shape), or null when none reached this tensor. */
    public Tensor grad() {
        return grad == null ? null : leaf(grad.clone(), shape.clone());
    }

    /** Clears the accumulated gradient, keeping its buffer. */
    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }

    /** The same values cut from the graph: no gradient flows through the result. */
    public Tensor detach() {
        return new Tensor(data, offset, shape, strides, "detach", null, NO_PARENTS, false);
    }

    /** The name of the op that made this tensor ("leaf" for created tensors). */
    public String op() {
        return op;
    }

    /** The gradient buffer, allocated (zero) on first use. */
    float[] gradBuffer() {
        // intermediate gradients live for one step: the trainer's arena recycles them; leaves keep theirs
        if (grad == null) grad = backward != null ? StepArena.alloc(size) : new float[size];
        return grad;
    }

    /** A scope in which no graph is recorded (inference, optimizer updates). Use with try-with-resources. */
    public static Scope noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    @ProviderType
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** True when ops on this thread record the graph. */
    public static boolean gradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** Backward from a one-element tensor (seed 1). */
    public void backward() {
        if (size != 1)
            throw new IllegalStateException("backward() needs a one-element tensor, shape is " + Arrays.toString(shape) + "; use backward(seed)");
        backward(full(1f, shape));
    }

    /** Backward with an explicit seed gradient of this tensor's shape (a vector-Jacobian product). */
    public void backward(Tensor seed) {
        if (!Arrays.equals(seed.shape, shape))
            throw new IllegalArgumentException("seed shape " + Arrays.toString(seed.shape) + " differs from tensor shape " + Arrays.toString(shape));
        if (!requiresGrad)
            throw new IllegalStateException("backward() on a tensor that does not require grad: no input of its graph called requireGrad(), or it was made under noGrad()");
        List<Tensor> order = topologicalOrder();
        float[] g = gradBuffer();
        float[] s = seed.dense();
        for (int i = 0; i < size; i++) g[i] += s[i];
        OpCounters counters = OpCounters.active;
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward == null || t.grad == null) continue;
            long t0 = counters == null ? 0L : System.nanoTime();
            t.backward.apply(t.grad);
            if (counters != null) counters.record(t.op + ".backward", 0, System.nanoTime() - t0);
        }
    }

    /** Nodes reachable from this one through tensors that require grad, parents before children. */
    private List<Tensor> topologicalOrder() {
        int mark = VISIT.incrementAndGet();
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        visit = mark;
        stack.push(this);
        next.push(new int[1]);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int[] ni = next.peek();
            if (ni[0] < t.parents.length) {
                Tensor p = t.parents[ni[0]++];
                if (p.requiresGrad && p.visit != mark) {
                    p.visit = mark;
                    stack.push(p);
                    next.push(new int[1]);
                }
            } else {
                stack.pop();
                next.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** A new contiguous op result, recorded in the graph when an input requires grad and recording is on. */
    static Tensor result(String op, long flops, long t0, float[] out, int[] shape, Backward backward, Tensor... parents) {
        OpCounters c = OpCounters.active;
        if (c != null) c.record(op, flops, System.nanoTime() - t0);
        boolean track = false;
        if (gradEnabled()) for (Tensor p : parents) track |= p != null && p.requiresGrad;
        return track
                ? new Tensor(out, 0, shape, Shapes.contiguousStrides(shape), op, backward, nonNull(parents), true)
                : new Tensor(out, 0, shape, Shapes.contiguousStrides(shape), op, null, NO_PARENTS, false);
    }

    /** A view sharing {@code src}'s data. */
    static Tensor view(String op, Tensor src, int offset, int[] shape, int[] strides, Backward backward) {
        boolean track = src.requiresGrad && gradEnabled();
        return new Tensor(src.data, offset, shape, strides, op, track ? backward : null, track ? new Tensor[]{src} : NO_PARENTS, track);
    }

    private static Tensor[] nonNull(Tensor[] ts) {
        int n = 0;
        for (Tensor t : ts) if (t != null) n++;
        if (n == ts.length) return ts;
        Tensor[] out = new Tensor[n];
        int i = 0;
        for (Tensor t : ts) if (t != null) out[i++] = t;
        return out;
    }

    /** The start time for op counters: 0 when they are off (one branch, no call). */
    static long tick() {
        return OpCounters.active == null ? 0L : System.nanoTime();
    }

    // ---------------------------------------------------------------- element-wise

    public Tensor neg() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.NEG, 0, 0); }
    public Tensor exp() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.EXP, 0, 0); }
    public Tensor log() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.LOG, 0, 0); }
    public Tensor sqrt() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.SQRT, 0, 0); }
    /** The error function (element-wise). */
    public Tensor erf() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.ERF, 0, 0); }
    public Tensor abs() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.ABS, 0, 0); }
    /** x to a constant power. */
    public Tensor pow(float exponent) { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.POW, exponent, 0); }
    public Tensor square() { return pow(2f); }
    public Tensor clamp(float min, float max) { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.CLAMP, min, max); }
    public Tensor relu() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.RELU, 0, 0); }
    public Tensor leakyRelu(float slope) { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.LEAKY_RELU, slope, 0); }
    public Tensor elu(float alpha) { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.ELU, alpha, 0); }
    /** Exact GELU, x Phi(x). */
    public Tensor gelu() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.GELU, 0, 0); }
    /** GELU's tanh approximation. */
    public Tensor geluTanh() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.GELU_TANH, 0, 0); }
    public Tensor sigmoid() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.SIGMOID, 0, 0); }
    public Tensor tanh() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.TANH, 0, 0); }
    public Tensor softplus() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.SOFTPLUS, 0, 0); }
    /** Steps (zero gradient): floor, ceil, round half to even, sign. */
    public Tensor floor() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.FLOOR, 0, 0); }
    public Tensor ceil() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.CEIL, 0, 0); }
    public Tensor round() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.ROUND, 0, 0); }
    public Tensor sign() { return Elementwise.unary(this, dev.lucent.network.kernel.Unary.SIGN, 0, 0); }

    public Tensor add(Tensor o) { return Elementwise.binary(this, o, dev.lucent.network.kernel.Binary.ADD); }
    public Tensor sub(Tensor o) { return Elementwise.binary(this, o, dev.lucent.network.kernel.Binary.SUB); }
    public Tensor mul(Tensor o) { return Elementwise.binary(this, o, dev.lucent.network.kernel.Binary.MUL); }
    public Tensor div(Tensor o) { return Elementwise.binary(this, o, dev.lucent.network.kernel.Binary.DIV); }
    /** Element-wise power with a broadcast tensor exponent. */
    public Tensor pow(Tensor exponent) { return Elementwise.binary(this, exponent, dev.lucent.network.kernel.Binary.POW); }
    public Tensor maximum(Tensor o) { return Elementwise.binary(this, o, dev.lucent.network.kernel.Binary.MAX); }
    public Tensor minimum(Tensor o) { return Elementwise.binary(this, o, dev.lucent.network.kernel.Binary.MIN); }
    public Tensor add(float v) { return add(scalar(v)); }
    public Tensor sub(float v) { return sub(scalar(v)); }
    public Tensor mul(float v) { return mul(scalar(v)); }
    public Tensor div(float v) { return div(scalar(v)); }

    /** 1 where this &gt; o, else 0 (broadcast; no gradient). */
    public Tensor gt(Tensor o) { return Elementwise.compare(this, o, 0); }
    public Tensor ge(Tensor o) { return Elementwise.compare(this, o, 1); }
    public Tensor lt(Tensor o) { return Elementwise.compare(this, o, 2); }
    public Tensor le(Tensor o) { return Elementwise.compare(this, o, 3); }
    public Tensor eq(Tensor o) { return Elementwise.compare(this, o, 4); }

    /** a where condition is non-zero, else b (broadcast); gradients flow to the chosen side. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }

    // ---------------------------------------------------------------- reductions, softmax

    /** Sum of all values, shape []. */
    public Tensor sum() { return Reductions.sum(this, allAxes(), false); }
    public Tensor sum(boolean keepDims, int... axes) { return Reductions.sum(this, axes, keepDims); }
    public Tensor mean() { return Reductions.mean(this, allAxes(), false); }
    public Tensor mean(boolean keepDims, int... axes) { return Reductions.mean(this, axes, keepDims); }
    public Tensor max(boolean keepDims, int... axes) { return Reductions.max(this, axes, keepDims); }
    public Tensor min(boolean keepDims, int... axes) { return neg().max(keepDims, axes).neg(); }
    public Tensor softmax(int axis) { return Reductions.softmax(this, axis, false); }
    public Tensor logSoftmax(int axis) { return Reductions.softmax(this, axis, true); }

    /** Index of the largest value along the last axis for each leading position (first on ties). */
    public int[] argmax() {
        int k = shape.length == 0 ? 1 : shape[shape.length - 1];
        float[] v = dense();
        int rows = k == 0 ? 0 : size / k;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (v[r * k + j] > v[r * k + best]) best = j;
            out[r] = best;
        }
        return out;
    }

    private int[] allAxes() {
        int[] a = new int[shape.length];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    // ---------------------------------------------------------------- shape

    /** Same values in a new shape (one entry may be -1); a view when this tensor is contiguous. */
    public Tensor reshape(int... newShape) { return ShapeOps.reshape(this, newShape); }
    /** Keeps axes before {@code axis} and flattens the rest into one. */
    public Tensor flatten(int axis) { return ShapeOps.flatten(this, axis); }
    public Tensor permute(int... order) { return ShapeOps.permute(this, order); }
    public Tensor transpose(int a, int b) { return ShapeOps.transpose(this, a, b); }
    /** A broadcast view to a larger shape (size-1 axes repeated without copying). */
    public Tensor expand(int... newShape) { return ShapeOps.expand(this, newShape); }
    /** Elements start, start+step, ... before end along an axis (Python rules, negative indices and steps). */
    public Tensor slice(int axis, int start, int end, int step) { return ShapeOps.slice(this, axis, start, end, step); }
    /** Drops axis 0 at the given index: {@code x.index(i)} is row i. */
    public Tensor index(int i) { return ShapeOps.index(this, i); }
    /** Picks entries along an axis by index; the output has {@code indexShape} in place of that axis. */
    public Tensor gather(int axis, int[] indices, int... indexShape) { return ShapeOps.gather(this, axis, indices, indexShape); }
    public static Tensor concat(int axis, Tensor... parts) { return ShapeOps.concat(axis, parts); }
    /**
     * The general movement op: output element i (row-major over {@code shape}) is this tensor's element
     * {@code sourceIndex[i]} in row-major order, or {@code fill} where that index is negative. Pad modes,
     * tiling and resizing by nearest neighbour are index maps; the gradient adds back to the sources.
     */
    public Tensor take(int[] sourceIndex, float fill, int... shape) { return ShapeOps.take(this, sourceIndex, fill, shape); }
    /** Constant padding; {@code pads} = [begin_0..begin_{r-1}, end_0..end_{r-1}] (ONNX layout). */
    public Tensor pad(int[] pads, float value) { return ShapeOps.pad(this, pads, value); }

    // ---------------------------------------------------------------- linear algebra, convolution, pooling

    /** Matrix product over the last two axes, batch axes broadcast (vectors are promoted as numpy does). */
    public Tensor matmul(Tensor o) { return LinearAlgebra.matmul(this, o); }

    /**
     * N-d convolution (cross-correlation): this [N, C, spatial...], weight [O, C/groups, kernel...],
     * bias [O] or null.
     */
    public Tensor conv(Tensor weight, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups) {
        return Convolution.conv(this, weight, bias, stride, padBegin, padEnd, dilation, groups);
    }

    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        int[] s = {stride, stride}, p = {padding, padding}, d = {dilation, dilation};
        return conv(weight, bias, s, p, p, d, groups);
    }

    public Tensor conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return conv(weight, bias, new int[]{stride}, new int[]{padding}, new int[]{padding}, new int[]{dilation}, groups);
    }

    /** N-d max pooling over [N, C, spatial...]; padding never wins. */
    public Tensor maxPool(int[] kernel, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, boolean ceilMode) {
        return Pooling.pool(this, true, kernel, stride, padBegin, padEnd, dilation, ceilMode, false);
    }

    /** N-d average pooling; with {@code countIncludePad} false, padding is left out of each mean. */
    public Tensor avgPool(int[] kernel, int[] stride, int[] padBegin, int[] padEnd, boolean ceilMode, boolean countIncludePad) {
        int[] dil = new int[kernel.length];
        Arrays.fill(dil, 1);
        return avgPool(kernel, stride, padBegin, padEnd, dil, ceilMode, countIncludePad);
    }

    /** Dilated average pooling (ONNX AveragePool from opset 19). */
    public Tensor avgPool(int[] kernel, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, boolean ceilMode, boolean countIncludePad) {
        return Pooling.pool(this, false, kernel, stride, padBegin, padEnd, dilation, ceilMode, countIncludePad);
    }

    public Tensor maxPool2d(int kernel, int stride, int padding) {
        int[] k = {kernel, kernel}, s = {stride, stride}, p = {padding, padding};
        return maxPool(k, s, p, p, new int[]{1, 1}, false);
    }

    public Tensor avgPool2d(int kernel, int stride, int padding) {
        int[] k = {kernel, kernel}, s = {stride, stride}, p = {padding, padding};
        return avgPool(k, s, p, p, false, true);
    }

    /** Mean over all spatial axes: [N, C, ...] to [N, C]. */
    public Tensor globalAvgPool() {
        return mean(false, spatialAxes());
    }

    public Tensor globalMaxPool() {
        return max(false, spatialAxes());
    }

    private int[] spatialAxes() {
        if (shape.length < 3) throw new IllegalArgumentException("global pooling needs [N, C, spatial...], got " + Arrays.toString(shape));
        int[] ax = new int[shape.length - 2];
        for (int i = 0; i < ax.length; i++) ax[i] = i + 2;
        return ax;
    }

    // ---------------------------------------------------------------- normalization, dropout, probes

    /**
     * Batch normalization over channel axis 1. In training the batch statistics are used and the running
     * ones updated in place (running = (1 - momentum) running + momentum batch, unbiased variance); in
     * evaluation the running ones are used. gamma, beta: [C].
     */
    public Tensor batchNorm(Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training, float momentum, float eps) {
        return Normalization.batchNorm(this, gamma, beta, runningMean, runningVar, training, momentum, eps);
    }

    /** Layer normalization over the last {@code axes} axes; gamma, beta have those axes' shape (or null). */
    public Tensor layerNorm(int axes, Tensor gamma, Tensor beta, float eps) {
        return Normalization.layerNorm(this, axes, gamma, beta, eps);
    }

    /** Inverted dropout: in training each value is zeroed with probability p (seeded) and the rest scaled by 1/(1-p). */
    public Tensor dropout(float p, long seed, boolean training) {
        return Normalization.dropout(this, p, seed, training);
    }

    /**
     * Marks this tensor as the probe point {@code name}: when a {@link ProbeSession} is open on this thread,
     * it records the activation and, after backward, its gradient. Without a session this is one branch.
     */
    public Tensor probe(String name) {
        if (ProbeSession.open != 0) ProbeSession.offer(name, this);
        return this;
    }
}
