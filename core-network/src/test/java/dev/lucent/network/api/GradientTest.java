package dev.lucent.network.api;

import org.junit.jupiter.api.Test;

import static dev.lucent.network.api.GradCheck.check;
import static dev.lucent.network.api.GradCheck.distinct;
import static dev.lucent.network.api.GradCheck.positive;
import static dev.lucent.network.api.GradCheck.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every primitive op's backward against central finite differences. */
class GradientTest {

    @Test
    void unaryOps() {
        check("neg", t -> t[0].neg(), rand(1, false, 3, 4));
        check("exp", t -> t[0].exp(), rand(2, false, 3, 4));
        check("log", t -> t[0].log(), positive(3, 3, 4));
        check("sqrt", t -> t[0].sqrt(), positive(4, 3, 4));
        check("abs", t -> t[0].abs(), rand(5, true, 3, 4));
        check("erf", t -> t[0].erf(), rand(18, false, 3, 4).mul(2f).detach());
        check("pow 3", t -> t[0].pow(3f), rand(6, false, 2, 5));
        check("pow 2", t -> t[0].square(), rand(7, false, 2, 5));
        check("pow -1.5", t -> t[0].pow(-1.5f), positive(8, 2, 5));
        check("clamp", t -> t[0].clamp(-0.5f, 0.5f), rand(9, true, 4, 4));
        check("relu", t -> t[0].relu(), rand(10, true, 3, 5));
        check("leaky relu", t -> t[0].leakyRelu(0.1f), rand(11, true, 3, 5));
        check("elu", t -> t[0].elu(1.3f), rand(12, true, 3, 5));
        check("gelu", t -> t[0].gelu(), rand(13, false, 3, 5).mul(3f).detach());
        check("gelu tanh", t -> t[0].geluTanh(), rand(14, false, 3, 5).mul(3f).detach());
        check("sigmoid", t -> t[0].sigmoid(), rand(15, false, 3, 5).mul(4f).detach());
        check("tanh", t -> t[0].tanh(), rand(16, false, 3, 5).mul(2f).detach());
        check("softplus", t -> t[0].softplus(), rand(17, false, 3, 5).mul(4f).detach());
        // steps: zero gradient (random points are never within the difference step of a jump)
        check("floor", t -> t[0].floor().add(t[0]), rand(171, false, 3, 4).mul(3f).detach());
        check("ceil", t -> t[0].ceil().add(t[0]), rand(172, false, 3, 4).mul(3f).detach());
        check("round", t -> t[0].round().add(t[0]), rand(173, false, 3, 4).mul(3f).detach());
        check("sign", t -> t[0].sign().add(t[0]), rand(174, true, 3, 4));
    }

    @Test
    void broadcastingBinaryOps() {
        check("add", t -> t[0].add(t[1]), rand(20, false, 2, 3, 4), rand(21, false, 3, 1));
        check("sub", t -> t[0].sub(t[1]), rand(22, false, 4), rand(23, false, 2, 3, 4));
        check("mul", t -> t[0].mul(t[1]), rand(24, false, 2, 1, 4), rand(25, false, 1, 3, 1));
        check("div", t -> t[0].div(t[1]), rand(26, false, 2, 3), positive(27, 3));
        check("pow tensor", t -> t[0].pow(t[1]), positive(28, 2, 3), rand(29, false, 1, 3));
        check("maximum", t -> t[0].maximum(t[1]), rand(30, false, 3, 4), rand(31, false, 4));
        check("minimum", t -> t[0].minimum(t[1]), rand(32, false, 3, 4), rand(33, false, 3, 1));
        check("where", t -> Tensor.where(t[0].gt(Tensor.scalar(0)).detach(), t[0], t[1]), rand(34, true, 3, 4), rand(35, false, 4));
    }

    @Test
    void tensorUsedTwiceAccumulates() {
        check("x*x + x", t -> t[0].mul(t[0]).add(t[0]), rand(40, false, 3, 3));
        check("shared matmul", t -> t[0].matmul(t[0]).add(t[0].exp()), rand(41, false, 4, 4));
        // exact: d/dx sum(x*x + 3x) = 2x + 3
        Tensor x = rand(42, false, 5).requireGrad();
        x.mul(x).add(x.mul(3f)).sum().backward();
        float[] g = x.grad().toArray(), v = x.toArray();
        for (int i = 0; i < 5; i++) assertEquals(2 * v[i] + 3, g[i], 1e-6);
    }

    @Test
    void reductionsAndSoftmax() {
        check("sum axes", t -> t[0].sum(false, 0, 2), rand(50, false, 2, 3, 4));
        check("sum keep", t -> t[0].sum(true, -1), rand(51, false, 2, 3, 4));
        check("mean", t -> t[0].mean(false, 1), rand(52, false, 2, 3, 4));
        check("max axes", t -> t[0].max(false, 1, 2), distinct(53, 2, 3, 4));
        check("min", t -> t[0].min(true, 0), distinct(54, 3, 4));
        check("softmax", t -> t[0].softmax(1), rand(55, false, 2, 5, 3).mul(3f).detach());
        check("log softmax", t -> t[0].logSoftmax(-1), rand(56, false, 4, 6).mul(3f).detach());
    }

    @Test
    void shapeOps() {
        check("reshape", t -> t[0].reshape(4, -1).exp(), rand(60, false, 2, 3, 4));
        check("permute", t -> t[0].permute(2, 0, 1).mul(rand(1, false, 4, 2, 3)), rand(61, false, 2, 3, 4));
        check("transpose then reshape", t -> t[0].transpose(0, 1).reshape(-1).exp(), rand(62, false, 3, 4));
        check("slice step", t -> t[0].slice(1, 1, 5, 2).exp(), rand(63, false, 3, 6));
        check("slice negative step", t -> t[0].slice(0, -1, -5, -2).exp(), rand(64, false, 5, 2));
        check("index", t -> t[0].index(1).exp(), rand(65, false, 3, 2, 2));
        check("gather", t -> t[0].gather(1, new int[]{2, 0, 2, -1}, 2, 2), rand(66, false, 2, 3, 2));
        check("concat", t -> Tensor.concat(1, t[0], t[1], t[0]).exp(), rand(67, false, 2, 2, 3), rand(68, false, 2, 1, 3));
        check("pad", t -> t[0].pad(new int[]{0, 1, 2, 0, 2, 1}, 0.5f).exp(), rand(69, false, 2, 2, 2));
        check("expand", t -> t[0].expand(3, 2, 4).mul(rand(2, false, 3, 2, 4)), rand(70, false, 2, 1));
        check("take (repeats, fill)", t -> t[0].take(new int[]{5, 0, -1, 0, 3, 2, -1, 4}, 0.5f, 2, 4).exp(), rand(71, false, 2, 3));
    }

    @Test
    void matmulBatchedAndBroadcast() {
        check("matmul 2d", t -> t[0].matmul(t[1]), rand(80, false, 3, 5), rand(81, false, 5, 4));
        check("matmul folded batch", t -> t[0].matmul(t[1]), rand(82, false, 2, 3, 5), rand(83, false, 5, 4));
        check("matmul batched broadcast", t -> t[0].matmul(t[1]), rand(84, false, 2, 1, 3, 5), rand(85, false, 3, 5, 2));
        check("matmul vectors", t -> t[0].matmul(t[1]), rand(86, false, 5), rand(87, false, 5, 3));
        check("matmul wide", t -> t[0].matmul(t[1]), rand(88, false, 5, 9), rand(89, false, 9, 70));
    }

    @Test
    void convolutions() {
        check("conv2d stride pad", t -> t[0].conv2d(t[1], t[2], 2, 1, 1, 1),
                rand(90, false, 2, 3, 5, 5), rand(91, false, 4, 3, 3, 3), rand(92, false, 4));
        check("conv2d groups dilation", t -> t[0].conv(t[1], t[2], new int[]{2, 1}, new int[]{1, 0}, new int[]{0, 2}, new int[]{2, 1}, 2),
                rand(93, false, 2, 4, 6, 5), rand(94, false, 6, 2, 2, 3), rand(95, false, 6));
        check("conv1d", t -> t[0].conv1d(t[1], null, 1, 2, 2, 1), rand(96, false, 2, 2, 7), rand(97, false, 3, 2, 3));
        check("conv3d", t -> t[0].conv(t[1], t[2], new int[]{1, 2, 1}, new int[]{1, 1, 0}, new int[]{1, 1, 0}, new int[]{1, 1, 1}, 1),
                rand(98, false, 1, 2, 3, 4, 3), rand(99, false, 2, 2, 2, 2, 2), rand(100, false, 2));
    }

    @Test
    void pooling() {
        check("max pool", t -> t[0].maxPool2d(2, 2, 0), distinct(110, 2, 2, 4, 4));
        check("max pool pad overlap", t -> t[0].maxPool(new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, false), distinct(111, 1, 2, 5, 5));
        check("avg pool", t -> t[0].avgPool2d(3, 2, 1), rand(112, false, 2, 2, 5, 5));
        check("avg pool dilated", t -> t[0].avgPool(new int[]{2, 2}, new int[]{1, 2}, new int[]{1, 0}, new int[]{0, 1}, new int[]{2, 1}, true, false), rand(116, false, 1, 2, 5, 5));
        check("avg pool exclude pad", t -> t[0].avgPool(new int[]{3}, new int[]{1}, new int[]{1}, new int[]{1}, false, false), rand(113, false, 2, 2, 5));
        check("global avg", t -> t[0].globalAvgPool(), rand(114, false, 2, 3, 3, 3));
        check("global max", t -> t[0].globalMaxPool(), distinct(115, 2, 3, 3, 3));
    }

    @Test
    void normalizationAndDropout() {
        check("batch norm train", t -> t[0].batchNorm(t[1], t[2], null, null, true, 0.1f, 1e-5f), 2e-3, 5e-3,
                rand(120, false, 4, 3, 2, 2), rand(121, false, 3), rand(122, false, 3));
        Tensor rm = rand(123, false, 3).detach(), rv = positive(124, 3).detach();
        check("batch norm eval", t -> t[0].batchNorm(t[1], t[2], rm, rv, false, 0.1f, 1e-5f),
                rand(125, false, 4, 3), rand(126, false, 3), rand(127, false, 3));
        check("batch norm eval, images", t -> t[0].batchNorm(t[1], t[2], rm, rv, false, 0.1f, 1e-5f),
                rand(132, false, 2, 3, 3, 2), rand(133, false, 3), rand(134, false, 3));
        check("batch norm eval, through the statistics, no affine", t -> t[0].batchNorm(null, null, t[1], t[2], false, 0.1f, 1e-3f),
                rand(135, false, 2, 3, 4), rand(136, false, 3), positive(137, 3));
        check("channel affine", t -> Normalization.channelAffine(t[0], t[1], t[2]),
                rand(138, false, 3, 2, 5), rand(139, false, 2), rand(140, false, 2));
        check("layer norm", t -> t[0].layerNorm(2, t[1], t[2], 1e-5f), 2e-3, 5e-3,
                rand(128, false, 3, 2, 4), rand(129, false, 2, 4), rand(130, false, 2, 4));
        check("dropout", t -> t[0].dropout(0.4f, 7, true), rand(131, false, 5, 6));
    }

    @Test
    void dropoutIsSeededAndScaled() {
        Tensor x = Tensor.ones(1000);
        float[] a = x.dropout(0.3f, 5, true).toArray(), b = x.dropout(0.3f, 5, true).toArray();
        assertArrayEquals(a, b);
        int zeros = 0;
        for (float v : a) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.7f, v, 1e-6);
        }
        assertEquals(300, zeros, 50);
        assertArrayEquals(x.toArray(), x.dropout(0.3f, 5, false).toArray());
    }
}
