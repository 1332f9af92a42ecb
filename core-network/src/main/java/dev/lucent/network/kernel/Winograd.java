package dev.lucent.network.kernel;

/**
 * 3x3 convolutions with stride 1 and dilation 1 by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast
 * Algorithms for Convolutional Neural Networks", 2016): each 2x2 block of outputs of one channel pair takes 16
 * multiplies instead of 36. Lucent's GEMM reaches about half the FMA peak on C2, so fewer multiplies is the way left
 * to make these layers (most of ResNet-18/34 and VGG, half of ResNet-50 and DenseNet) faster.
 * <p>
 * Per sample and channel group, with T the 2x2 output tiles ({@code ceil(oh/2) * ceil(ow/2)}):
 * <ol>
 * <li>the filters transformed once per call, {@code U = G g G^T} (4x4 per channel pair, laid out [16][to][from]);
 * the weights of native layers change at each train step, and it is 16 values per pair against 16 * T multiply-adds;</li>
 * <li>the input tiles (4x4, overlapping by 2, zero outside the plane) transformed, {@code V = B^T d B} ([16][from][T]);</li>
 * <li>16 independent products {@code M_k [to, T] = U_k [to, from] V_k [from, T]} through {@link MatMul#gemm};</li>
 * <li>the output tiles {@code A^T m A} added into y (y holds the bias, or the gradient so far).</li>
 * </ol>
 * Rounding differs from im2col's single dot product per output (the transforms add and subtract inputs before the
 * product): within float32 rounding of the definition relative to {@code sum |w||x|}, but not the same bits.
 * Work is split by samples or, for one sample, by channels in the transforms and rows in the products; every value is
 * computed in the same order whatever the split, so results do not depend on the thread count.
 * The adjoint (the input gradient) is the same kernel: a stride-1 3x3 convolution of g with the filters rotated 180
 * degrees, input and output channels swapped, and padding {@code 2 - p} (negative: the rows are cropped).
 */
public final class Winograd {
    /** {@code -Dlucent.noWinograd=true} keeps every convolution on im2col and GEMM (to compare, or to replay old bits). */
    private static final boolean ENABLED = !Boolean.getBoolean("lucent.noWinograd");
    /** Per calling thread: off inside {@link #without} (a benchmark's im2col side in the same process). */
    private static final ThreadLocal<boolean[]> OFF = ThreadLocal.withInitial(() -> new boolean[1]);

    private Winograd() {
    }

    /** Runs {@code body} with the convolutions this thread calls on im2col and GEMM, then restores the setting. */
    public static <T> T without(java.util.function.Supplier<T> body) {
        boolean[] cell = OFF.get();
        boolean old = cell[0];
        cell[0] = true;
        try {
            return body.get();
        } finally {
            cell[0] = old;
        }
    }

    /** A 2-d 3x3 window with stride 1 and dilation 1 (any padding). */
    public static boolean shapeFits(Windows win) {
        return win.inSpatial.length == 2 && win.kernel[0] == 3 && win.kernel[1] == 3 && win.stride[0] == 1
                && win.stride[1] == 1 && win.dilation[0] == 1 && win.dilation[1] == 1;
    }

    /**
     * Whether a product from {@code from} to {@code to} channels (per group; the adjoint's from are the layer's outputs)
     * onto an oh x ow output is faster this way than by im2col and GEMM, as measured on the 3x3 layers of
     * ResNet-18/50, VGG-16, DenseNet-121, GoogLeNet, SqueezeNet and the small native CNN ({@code WinogradLayers} in
     * benchmarks, docs/benchmarks.md): 1.4 to 3.4 times faster from 28x28 on with 64 input and 32 output channels or
     * more. Slower with fewer input channels (SqueezeNet's 32 -> 128, GoogLeNet's 16 -> 32, the small CNN: the products
     * over so few channels run far below the GEMM's speed and the transforms, about 30 adds per tile and channel, are
     * not paid back) and at 7x7 (the filter transform, 16 values per channel pair and call, weighs as much as 16
     * tiles' saved multiplies). At 14x14 the forward loses (0.76 to 0.92) but the input gradient wins (1.07 to 1.46:
     * im2col's adjoint transposes and folds) up to 256 x 256 channels (512 x 512: 0.79, the filter transform again).
     */
    static boolean worthIt(int from, int to, int oh, int ow, boolean adjoint) {
        int in = adjoint ? to : from, out = adjoint ? from : to; // the layer's channels
        if (!ENABLED || OFF.get()[0] || in < 64 || out < 32) return false;
        long size = (long) oh * ow;
        return size >= 400 || adjoint && size >= 196 && (long) from * to <= 256 * 256;
    }

    /** Whether the forward convolution (cg input, og output channels per group) runs here. */
    public static boolean forwardApplies(int cg, int og, Windows win) {
        return shapeFits(win) && worthIt(cg, og, win.outSpatial[0], win.outSpatial[1], false);
    }

    /** Whether the input gradient (og gradient channels in, cg out per group, onto the input grid) runs here. */
    public static boolean backwardApplies(int cg, int og, Windows win) {
        return shapeFits(win) && worthIt(og, cg, win.inSpatial[0], win.inSpatial[1], true);
    }

    /**
     * The transformed filters of w [o, c/groups, 3, 3], for each group [16][og][cg] ({@code G g G^T}), or for the
     * adjoint [16][cg][og] from the filters rotated 180 degrees. Written into this thread's scratch slot 3 (read by
     * the other threads of the call only while the caller waits for them); rows split across threads.
     * G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1].
     */
    public static float[] filters(float[] w, int o, int c, int groups, boolean adjoint) {
        int og = o / groups, cg = c / groups, pairs = og * cg;
        // one row of U_k at a time (an output channel, or for the adjoint an input channel), each of its 16 values one
        // loop over the row's columns: writing a pair's 16 values at once touches 16 places pairs * 4 bytes apart,
        // the same cache set when that is a multiple of 4 KB (512 x 512: 20 times slower)
        int rows = adjoint ? cg : og, cols = adjoint ? og : cg;
        float[] u = Scratch.get(3, 16 * o * cg);
        Parallel.forRange(groups * rows, 1, (long) groups * pairs * 60, 1L << 17, (r0, r1) -> {
            float[] t = new float[15 * cols]; // the 9 taps of the row's filters, then the middle rows of G g
            for (int gr = r0; gr < r1; gr++) {
                int gi = gr / rows, row = gr % rows, at = gi * 16 * pairs + row * cols;
                for (int k = 0; k < 9; k++) {
                    int tap = adjoint ? 8 - k : k, tk = k * cols;
                    if (adjoint) for (int j = 0; j < cols; j++) t[tk + j] = w[((gi * og + j) * cg + row) * 9 + tap];
                    else for (int j = 0; j < cols; j++) t[tk + j] = w[((gi * og + row) * cg + j) * 9 + tap];
                }
                for (int kc = 0; kc < 3; kc++) { // G g, column kc: g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2
                    int g0 = kc * cols, g1 = (3 + kc) * cols, g2 = (6 + kc) * cols, r1o = (9 + kc) * cols, r2o = (12 + kc) * cols;
                    for (int j = 0; j < cols; j++) {
                        float a = t[g0 + j], b = t[g1 + j], d = t[g2 + j];
                        t[r1o + j] = 0.5f * (a + b + d);
                        t[r2o + j] = 0.5f * (a - b + d);
                    }
                }
                for (int r = 0; r < 4; r++) { // (G g) G^T, row r of G g at its 3 columns
                    int ca = (r == 0 ? 0 : r == 1 ? 9 : r == 2 ? 12 : 6) * cols, cb = ca + cols, cd = ca + 2 * cols;
                    int u0 = at + 4 * r * pairs, u1 = u0 + pairs, u2 = u1 + pairs, u3 = u2 + pairs;
                    for (int j = 0; j < cols; j++) {
                        float a = t[ca + j], b = t[cb + j], d = t[cd + j];
                        u[u0 + j] = a;
                        u[u1 + j] = 0.5f * (a + b + d);
                        u[u2 + j] = 0.5f * (a - b + d);
                        u[u3 + j] = d;
                    }
                }
            }
        });
        return u;
    }

    /**
     * y[yOff ..] ({@code to} planes oh x ow) += the 3x3 stride-1 convolution of x[xOff ..] ({@code from} planes h x wd)
     * with the transformed filters u[uOff ..] ([16][to][from]), output (r, q) reading input (r - pt + i, q - pl + j).
     * {@code split}: this thread is alone on the sample and may split the transforms and products across threads.
     */
    public static void add(float[] x, int xOff, int from, int h, int wd, float[] u, int uOff, int to, int oh, int ow,
                           int pt, int pl, float[] y, int yOff, boolean split) {
        // bands of tile rows of about BAND_TILES tiles, so a band's transformed tiles stay in cache between the
        // transforms and the products (whole 56x56 planes of 64 channels made 3 MB each way, and ran 20% slower
        // inside a model than alone); the bands depend on the shape only, so the products' sums do not change with
        // the thread count. Bands across threads when there are enough, else each band split inside.
        int th = (oh + 1) / 2, tw = (ow + 1) / 2;
        int bands = (th * tw + BAND_TILES - 1) / BAND_TILES, rows = (th + bands - 1) / bands;
        int count = (th + rows - 1) / rows, threads = Parallel.threads();
        Parallel.Range body = (b0, b1) -> {
            for (int band = b0; band < b1; band++) {
                int t0 = band * rows, nb = Math.min(th, t0 + rows) - t0;
                band(x, xOff, from, h, wd, u, uOff, to, oh - 2 * t0, ow, oh * ow, pt - 2 * t0, pl, y, yOff + 2 * t0 * ow, nb, tw,
                        split && (threads < 2 || count < threads));
            }
        };
        if (split && threads > 1 && count >= threads)
            Parallel.forRange(count, 1, (long) to * from * th * tw * 16, 1L << 17, (b0, b1) -> Parallel.withThreads(1, () -> {
                body.run(b0, b1);
                return null;
            }));
        else body.run(0, count);
    }

    /** Tiles per band (a band's transformed input and products: 16 x channels x this many floats each). */
    private static final int BAND_TILES = 128;

    /**
     * {@link #add} for th tile rows, the origin moved to the band's first row: oh output rows left from there, planes
     * {@code plane} values apart.
     */
    private static void band(float[] x, int xOff, int from, int h, int wd, float[] u, int uOff, int to, int oh, int ow,
                             int plane, int pt, int pl, float[] y, int yOff, int th, int tw, boolean split) {
        int tiles = th * tw;
        float[] v = Scratch.get(1, 16 * from * tiles), m = Scratch.zeroed(2, 16 * to * tiles);
        long planeWork = 40L * tiles; // adds per plane in a transform, roughly
        Parallel.Range inputs = (c0, c1) -> {
            for (int ci = c0; ci < c1; ci++) inputTiles(x, xOff + ci * h * wd, h, wd, pt, pl, th, tw, v, ci, from);
        };
        if (split) Parallel.forRange(from, 1, from * planeWork, 1L << 16, inputs);
        else inputs.run(0, from);
        for (int k = 0; k < 16; k++)
            MatMul.gemm(to, tiles, from, u, uOff + k * to * from, v, k * from * tiles, m, k * to * tiles);
        Parallel.Range outputs = (o0, o1) -> {
            for (int oc = o0; oc < o1; oc++) outputTiles(m, oc, to, th, tw, y, yOff + oc * plane, oh, ow);
        };
        if (split) Parallel.forRange(to, 1, to * planeWork, 1L << 16, outputs);
        else outputs.run(0, to);
    }

    /**
     * v[k][ci][t] = (B^T d B)[k] for every tile t = ti * tw + tj of channel ci, d the 4x4 input block at rows
     * 2 ti - pt .., columns 2 tj - pl .. (0 outside). B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]. Columns first,
     * one input row at a time (its even and odd columns apart, so a tile's columns 0..3 are e[tj], o[tj], e[tj+1],
     * o[tj+1]), into rows kept by parity; then rows, each of the 16 values one loop over all tiles (rows 0..3 of tile
     * row ti are even row ti, odd row ti, even row ti+1, odd row ti+1: a fixed shift of tw).
     */
    private static void inputTiles(float[] x, int xo, int h, int wd, int pt, int pl, int th, int tw, float[] v, int ci, int from) {
        int tiles = th * tw, half = (th + 1) * tw; // rows of one parity, tw values each
        float[] t = Scratch.get(6, 8 * half + 2 * (tw + 1));
        int eo = 8 * half, oo = eo + tw + 1; // a row's even and odd columns
        for (int r = 0; r < 2 * th + 2; r++) {
            int ih = r - pt, at = (r & 1) * half + (r >> 1) * tw, step = 2 * half; // column transform s at at + s * step
            if (ih < 0 || ih >= h) {
                for (int s = 0; s < 4; s++) java.util.Arrays.fill(t, at + s * step, at + s * step + tw, 0f);
                continue;
            }
            int row = xo + ih * wd;
            for (int k = 0; k <= tw; k++) {
                int col = 2 * k - pl;
                t[eo + k] = col >= 0 && col < wd ? x[row + col] : 0f;
                t[oo + k] = col + 1 >= 0 && col + 1 < wd ? x[row + col + 1] : 0f;
            }
            for (int j = 0; j < tw; j++) {
                float e0 = t[eo + j], e1 = t[eo + j + 1], o0 = t[oo + j], o1 = t[oo + j + 1];
                t[at + j] = e0 - e1;
                t[at + step + j] = o0 + e1;
                t[at + 2 * step + j] = e1 - o0;
                t[at + 3 * step + j] = o0 - o1;
            }
        }
        for (int s = 0; s < 4; s++) {
            int ev = s * 2 * half, od = ev + half;
            int v0 = (s * from + ci) * tiles, v1 = ((4 + s) * from + ci) * tiles;
            int v2 = ((8 + s) * from + ci) * tiles, v3 = ((12 + s) * from + ci) * tiles;
            for (int q = 0; q < tiles; q++) v[v0 + q] = t[ev + q] - t[ev + tw + q];
            for (int q = 0; q < tiles; q++) v[v1 + q] = t[od + q] + t[ev + tw + q];
            for (int q = 0; q < tiles; q++) v[v2 + q] = t[ev + tw + q] - t[od + q];
            for (int q = 0; q < tiles; q++) v[v3 + q] = t[od + q] - t[od + tw + q];
        }
    }

    /**
     * y (one plane oh x ow) += A^T m A for every tile of output channel oc, A^T = [1 1 1 0; 0 1 -1 -1]: rows first
     * (each of the 8 values one loop over the tiles), then columns, the 2x2 results added at rows 2 ti .., columns
     * 2 tj .. (those past the plane, from odd sizes, dropped).
     */
    private static void outputTiles(float[] m, int oc, int to, int th, int tw, float[] y, int yo, int oh, int ow) {
        int tiles = th * tw;
        float[] t = Scratch.get(6, 8 * tiles);
        for (int s = 0; s < 4; s++) {
            int m0 = (s * to + oc) * tiles, m1 = ((4 + s) * to + oc) * tiles;
            int m2 = ((8 + s) * to + oc) * tiles, m3 = ((12 + s) * to + oc) * tiles;
            int p0 = s * tiles, p1 = (4 + s) * tiles;
            for (int q = 0; q < tiles; q++) t[p0 + q] = m[m0 + q] + m[m1 + q] + m[m2 + q];
            for (int q = 0; q < tiles; q++) t[p1 + q] = m[m1 + q] - m[m2 + q] - m[m3 + q];
        }
        for (int ti = 0; ti < th; ti++)
            for (int a = 0; a < 2; a++) {
                int r = 2 * ti + a;
                if (r >= oh) break;
                int p = a * 4 * tiles + ti * tw, yr = yo + r * ow;
                for (int tj = 0; tj < tw; tj++) {
                    int q = p + tj, col = 2 * tj;
                    float s0 = t[q], s1 = t[q + tiles], s2 = t[q + 2 * tiles], s3 = t[q + 3 * tiles];
                    y[yr + col] += s0 + s1 + s2;
                    if (col + 1 < ow) y[yr + col + 1] += s1 - s2 - s3;
                }
            }
    }
}
