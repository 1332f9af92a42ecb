package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Element-wise nodes on native ops: unary activations, broadcasting arithmetic (exact int64 for shapes), Clip. */
final class Elementwise {
    private Elementwise() {
    }

    /** A unary node as a native op or a composition of them. */
    record Unary(UnaryOperator<Tensor> f) implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            return new Object[]{f.apply(Values.tensor(in[0]))};
        }
    }

    enum Op { ADD, SUB, MUL, DIV, POW, MAX, MIN, PRELU }

    /** Broadcasting binary op; integer inputs keep integer arithmetic (shape computations). */
    record Binary(Op op) implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] shape = ctx.broadcast(Values.shape(in[0]), Values.shape(in[1]));
            if (shape == null)
                throw ctx.error("shapes " + Arrays.toString(Values.shape(in[0])) + " and " + Arrays.toString(Values.shape(in[1])) + " do not broadcast");
            ctx.check(shape);
            if (Values.isInt(in[0]) && Values.isInt(in[1]) && op != Op.POW && op != Op.PRELU)
                return new Object[]{ints((NdArray) in[0], (NdArray) in[1], shape, ctx)};
            if (Values.isInteger(in[0]) && Values.isInteger(in[1]) && op != Op.POW && op != Op.PRELU) {
                Tensor a = Values.exact(in[0], ctx), b = Values.exact(in[1], ctx);
                return new Object[]{Values.ints(switch (op) { // run-time integers: native ops, exact within 2^24
                    case ADD -> a.add(b);
                    case SUB -> a.sub(b);
                    case MUL -> a.mul(b);
                    case DIV -> {
                        if (b.eq(Tensor.scalar(0)).sum().toArray()[0] > 0) throw ctx.error("integer division by zero");
                        yield LogicOps.trunc(a.div(b)); // exact: a quotient's fraction (>= 1/|b|) outlasts its rounding below 2^24
                    }
                    case MAX -> a.maximum(b);
                    default -> a.minimum(b);
                }, ctx)};
            }
            Tensor a = Values.tensor(in[0]), b = Values.tensor(in[1]);
            return new Object[]{switch (op) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
                case POW -> a.pow(b);
                case MAX -> a.maximum(b);
                case MIN -> a.minimum(b);
                case PRELU -> Composed.prelu(a, b);
            }};
        }

        private NdArray ints(NdArray a, NdArray b, int[] shape, Ctx ctx) {
            int[] ma = NdArray.broadcastMap(shape, a.shape), mb = NdArray.broadcastMap(shape, b.shape);
            long[] r = ctx.longs(shape);
            for (int i = 0; i < r.length; i++) {
                long x = a.l[ma[i]], y = b.l[mb[i]];
                r[i] = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV -> {
                        if (y == 0) throw ctx.error("integer division by zero");
                        yield x / y;
                    }
                    case MAX -> Math.max(x, y);
                    default -> Math.min(x, y);
                };
            }
            return NdArray.longs(shape, r);
        }
    }

    /** Clip with bounds from attributes (opset < 11) or optional inputs 1 and 2: the native clamp. */
    record Clip(float lo, float hi) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            return new Object[]{Values.tensor(in[0]).clamp(bound(in, 1, lo, ctx), bound(in, 2, hi, ctx))};
        }

        static float bound(Object[] in, int k, float dflt, Ctx ctx) {
            if (in.length <= k || in[k] == null) return dflt;
            NdArray b = Values.array(in[k]);
            if (b.size() != 1) throw ctx.error("Clip bound " + k + " must be a scalar, got shape " + Arrays.toString(b.shape));
            return (float) b.get(0);
        }
    }
}
