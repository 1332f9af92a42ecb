package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.internal.FusedOps;
import dev.lucent.network.kernel.ConvEpilogue;
import dev.lucent.network.onnx.Program.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * The graph fusion pass: a chain Conv -> [BatchNormalization] -> [Add] -> [Relu | Clip] (at least two of them) runs as
 * one convolution with its epilogue applied while each output plane is in cache, instead of one op and one full-size
 * array per node; a BatchNormalization -> [Relu | Clip] with no convolution before runs as one pass. A chain is fused only where nobody can see its inner values: each inner value is read by the next
 * node of the chain alone and is no graph output, the batch norm's parameters and Clip's bounds are constants, and
 * {@link Program#run} fuses only while no probe session is open (a probe on an inner layer then records it, since the
 * chain runs node by node). The fused result is the same float arithmetic in the same order (tested bit for bit).
 */
final class ConvFusion {
    /** Step indices of the chain's nodes (-1 where absent, conv too for a batch norm chain); {@code residual}: the Add's other input, a value id. */
    record Chain(int conv, int bn, int add, int residual, int act, int last) {
        int[] steps() {
            return java.util.Arrays.stream(new int[]{conv, bn, add, act}).filter(k -> k >= 0).toArray();
        }
    }

    private ConvFusion() {
    }

    /** The chains of a compiled program, by the index of their last step (null where none ends). */
    static Chain[] find(Step[] steps, NdArray[] consts, int[] outputs, boolean[] shapeStep) {
        int nv = consts.length;
        int[] readers = new int[nv], reader = new int[nv];
        for (int k = 0; k < steps.length; k++)
            for (int j : steps[k].in())
                if (j >= 0) {
                    readers[j]++;
                    reader[j] = k;
                }
        for (int o : outputs) readers[o] += 2; // a graph output is seen by the caller
        Chain[] byLast = new Chain[steps.length];
        for (int k = 0; k < steps.length; k++) {
            if (!(steps[k].kernel() instanceof Conv) || shapeStep[k] || steps[k].out().length != 1) continue;
            int cur = steps[k].out()[0], bn = -1, add = -1, residual = -1, act = -1;
            int next = soleReader(cur, readers, reader, shapeStep);
            if (next >= 0 && steps[next].kernel() instanceof NormOps.BatchNorm && steps[next].in()[0] == cur
                    && constant(steps[next].in(), 1, 5, consts) && steps[next].out().length == 1) {
                bn = next;
                cur = steps[next].out()[0];
                next = soleReader(cur, readers, reader, shapeStep);
            }
            if (next >= 0 && steps[next].kernel() instanceof Elementwise.Binary b && b.op() == Elementwise.Op.ADD
                    && steps[next].in().length == 2 && (steps[next].in()[0] == cur) != (steps[next].in()[1] == cur)) {
                add = next;
                residual = steps[next].in()[0] == cur ? steps[next].in()[1] : steps[next].in()[0];
                cur = steps[next].out()[0];
                next = soleReader(cur, readers, reader, shapeStep);
            }
            if (next >= 0 && activation(steps[next], cur, consts)) act = next;
            int last = Math.max(Math.max(bn, add), act);
            if (last >= 0 && residual >= 0 && consts[residual] != null) continue; // a constant residual: rare, left alone
            if (last >= 0) byLast[last] = new Chain(k, bn, add, residual, act, last);
        }
        // a batch norm then ReLU or Clip with no convolution before (DenseNet's pre-activation): one pass
        boolean[] taken = new boolean[steps.length];
        for (Chain c : byLast) if (c != null) for (int k : c.steps()) taken[k] = true;
        for (int k = 0; k < steps.length; k++) {
            if (taken[k] || !(steps[k].kernel() instanceof NormOps.BatchNorm) || shapeStep[k] || steps[k].out().length != 1
                    || !constant(steps[k].in(), 1, 5, consts)) continue;
            int cur = steps[k].out()[0], next = soleReader(cur, readers, reader, shapeStep);
            if (next >= 0 && !taken[next] && activation(steps[next], cur, consts)) byLast[next] = new Chain(-1, k, -1, -1, next, next);
        }
        return byLast;
    }

    /** A Relu, or a Clip with constant bounds, of value v. */
    private static boolean activation(Step s, int v, NdArray[] consts) {
        return s.in().length > 0 && s.in()[0] == v && (s.op().equals("Relu")
                || s.kernel() instanceof Elementwise.Clip && constant(s.in(), 1, s.in().length, consts));
    }

    /** The one step reading value v, or -1 when none, several, or the caller reads it. */
    private static int soleReader(int v, int[] readers, int[] reader, boolean[] shapeStep) {
        return readers[v] == 1 && !shapeStep[reader[v]] ? reader[v] : -1;
    }

    /** Inputs [from, to) absent or constants. */
    private static boolean constant(int[] in, int from, int to, NdArray[] consts) {
        for (int j = from; j < to && j < in.length; j++) if (in[j] >= 0 && consts[in[j]] == null) return false;
        return true;
    }

    /**
     * The chain's output computed by the fused op, or null when this run's values do not fit it (a residual that
     * broadcasts, a Clip with lo above hi): the caller then runs the chain node by node.
     */
    static Tensor run(Chain ch, Step[] steps, Object[] v, Ctx ctx) {
        Object[] convIn = ch.conv() < 0 ? null : args(steps[ch.conv()], v);
        float[][] scaleShift = null;
        if (ch.bn() >= 0) {
            Object[] bnIn = args(steps[ch.bn()], v);
            int c;
            if (convIn == null) {
                if (!(bnIn[0] instanceof Tensor x) || x.rank() < 2) return null; // the node's own check refuses it
                c = x.shape()[1];
            } else {
                c = Values.shape(convIn[1])[0]; // its input, the conv's output, is not computed yet: only the parameters are read
            }
            scaleShift = ((NormOps.BatchNorm) steps[ch.bn()].kernel()).scaleShift(bnIn, c, ctx);
        }
        Tensor residual = null;
        if (ch.add() >= 0) {
            if (!(v[ch.residual()] instanceof Tensor r)) return null;
            residual = r;
        }
        ConvEpilogue.Clamp clamp = ConvEpilogue.Clamp.NONE;
        float lo = 0f, hi = Float.POSITIVE_INFINITY;
        if (ch.act() >= 0) {
            Step a = steps[ch.act()];
            if (a.op().equals("Relu")) {
                clamp = ConvEpilogue.Clamp.RELU;
            } else {
                Elementwise.Clip c = (Elementwise.Clip) a.kernel();
                Object[] in = args(a, v);
                lo = Elementwise.Clip.bound(in, 1, c.lo(), ctx);
                hi = Elementwise.Clip.bound(in, 2, c.hi(), ctx);
                if (!(lo <= hi)) return null;
                clamp = ConvEpilogue.Clamp.CLIP;
            }
        }
        if (convIn == null) return FusedOps.affineClamp((Tensor) args(steps[ch.bn()], v)[0], scaleShift, clamp, lo, hi);
        return ((Conv) steps[ch.conv()].kernel()).runFused(convIn, scaleShift, residual, clamp, lo, hi, ctx);
    }

    private static Object[] args(Step s, Object[] v) {
        Object[] a = new Object[s.in().length];
        for (int j = 0; j < a.length; j++) a[j] = s.in()[j] < 0 ? null : v[s.in()[j]];
        return a;
    }

    /** Chains found, for tests and the docs' counts. */
    static List<Chain> list(Chain[] byLast) {
        List<Chain> l = new ArrayList<>();
        for (Chain c : byLast) if (c != null) l.add(c);
        return l;
    }
}
