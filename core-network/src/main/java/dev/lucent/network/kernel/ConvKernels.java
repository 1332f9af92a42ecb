package dev.lucent.network.kernel;

import java.util.Arrays;

/**
 * Convolution kernels over x [n, c, s], weight [o, c/groups, kk], y [n, o, p] (s, p flat spatial sizes, kk the
 * kernel size), one sample and group at a time so each product writes straight into its block of y:
 * <ul>
 * <li>depthwise (one input channel per group, as in MobileNet and ShuffleNet): a direct 2-d loop per plane,
 * no columns, instead of a matrix product with one row;</li>
 * <li>1x1 with stride 1 and no padding: the input already is the column matrix, one GEMM;</li>
 * <li>3x3 with stride 1 and enough channels: Winograd's F(2x2, 3x3) ({@link Winograd}), input gradient too;</li>
 * <li>otherwise im2col of one sample into a per-thread buffer, then a GEMM into y.</li>
 * </ul>
 * y starts as the bias and the products add onto it (the bias fused, no second pass). Work is split by
 * samples (each thread its own columns) or, for one sample, by channels of the unfold and rows of the GEMM;
 * every output value is summed in the same order whatever the split, so results do not depend on the
 * thread count. Weight gradients take the samples in blocks, one product per block, the blocks in two fixed halves
 * summed on two threads and added in order.
 */
public final class ConvKernels {
    /** Below this many multiply-adds a split costs more than it saves. */
    private static final long MIN_SPLIT_WORK = 1L << 17;

    private ConvKernels() {
    }

    /** One input channel per group on a 2-d grid: the direct kernel applies. */
    public static boolean depthwise(int c, int groups, Windows win) {
        return groups == c && groups > 1 && win.inSpatial.length == 2;
    }

    public static void forward(float[] x, float[] w, float[] bias, int n, int c, int o, int groups, Windows win, float[] y) {
        forward(x, w, bias, n, c, o, groups, win, y, null);
    }

    /**
     * As {@link #forward(float[], float[], float[], int, int, int, int, Windows, float[])}, then the epilogue (when not
     * null) on each sample's output (each plane, depthwise) on the thread that just wrote it, while it is in cache.
     */
    public static void forward(float[] x, float[] w, float[] bias, int n, int c, int o, int groups, Windows win, float[] y, ConvEpilogue ep) {
        int p = win.outSize, cg = c / groups, og = o / groups, ck = cg * win.kernelSize;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++) Arrays.fill(y, (b * o + oc) * p, (b * o + oc + 1) * p, bias == null ? 0f : bias[oc]);
        long work = (long) n * o * p * ck;
        if (depthwise(c, groups, win)) {
            Parallel.forRange(n * o, 1, work, MIN_SPLIT_WORK, (a0, a1) -> {
                for (int a = a0; a < a1; a++) {
                    int b = a / o, oc = a % o;
                    depthwisePlane(false, x, (b * c + oc / og) * win.inSize, w, oc * win.kernelSize, y, a * p, win);
                    if (ep != null) ep.plane(y, a * p, p, oc);
                }
            });
            return;
        }
        float[] u = Winograd.forwardApplies(cg, og, win) ? Winograd.filters(w, o, c, groups, false) : null;
        bySample(n, work, (b, single) -> {
            for (int gi = 0; gi < groups; gi++) {
                int xOff = (b * c + gi * cg) * win.inSize, yOff = (b * o + gi * og) * p;
                if (u != null) {
                    Winograd.add(x, xOff, cg, win.inSpatial[0], win.inSpatial[1], u, gi * 16 * og * cg, og,
                            win.outSpatial[0], win.outSpatial[1], win.padBegin[0], win.padBegin[1], y, yOff, single);
                } else if (win.identity) {
                    MatMul.gemm(og, p, cg, w, gi * og * ck, x, xOff, y, yOff);
                } else {
                    float[] col = Scratch.get(3, ck * p);
                    unfold(x, c, b * c + gi * cg, cg, win, col, single);
                    MatMul.gemm(og, p, ck, w, gi * og * ck, col, 0, y, yOff);
                }
            }
            if (ep != null) // split by channels only when this sample is alone (a thread on one of many samples runs one)
                Parallel.forRange(o, 1, (long) o * p, 1L << 16, (c0, c1) -> {
                    for (int oc = c0; oc < c1; oc++) ep.plane(y, (b * o + oc) * p, p, oc);
                });
        });
    }

    /** dx += the adjoint of the convolution applied to g: W_g^T g per sample, folded back (col2im). */
    public static void backwardData(float[] g, float[] w, int n, int c, int o, int groups, Windows win, float[] dx) {
        int p = win.outSize, s = win.inSize, cg = c / groups, og = o / groups, kk = win.kernelSize, ck = cg * kk;
        long work = (long) n * o * p * ck;
        if (depthwise(c, groups, win)) {
            // each input plane gathers the planes of its og outputs in order: planes split across threads
            Parallel.forRange(n * c, 1, work, MIN_SPLIT_WORK, (a0, a1) -> {
                for (int a = a0; a < a1; a++) {
                    int b = a / c, ci = a % c;
                    for (int j = 0; j < og; j++) {
                        int oc = ci * og + j;
                        depthwisePlane(true, dx, a * s, w, oc * kk, g, (b * o + oc) * p, win);
                    }
                }
            });
            return;
        }
        if (Winograd.backwardApplies(cg, og, win)) { // a stride-1 3x3 convolution of g onto the input grid, padding 2 - p
            float[] u = Winograd.filters(w, o, c, groups, true);
            int h = win.inSpatial[0], wd = win.inSpatial[1], oh = win.outSpatial[0], ow = win.outSpatial[1];
            bySample(n, work, (b, single) -> {
                for (int gi = 0; gi < groups; gi++)
                    Winograd.add(g, (b * o + gi * og) * p, og, oh, ow, u, gi * 16 * og * cg, cg, h, wd,
                            2 - win.padBegin[0], 2 - win.padBegin[1], dx, (b * c + gi * cg) * s, single);
            });
            return;
        }
        // dcol = W_g^T g_b needs one operand transposed: the weight once per call, or (deep layers of few positions,
        // where the weight is the larger: ResNet-50's last 3x3 weights are 2.4M values against 49 positions) each
        // sample's gradient [og, p] and its result [p, ck]
        boolean viaPositions = (long) n * p * (og + ck) < (long) og * ck;
        float[] wt = viaPositions ? null : new float[o * ck]; // W_g transposed [ck, og] per group
        if (!viaPositions)
            for (int gi = 0; gi < groups; gi++) Shapes.transpose(w, gi * og * ck, og, ck, wt, gi * og * ck);
        bySample(n, work, (b, single) -> {
            for (int gi = 0; gi < groups; gi++) {
                int gOff = (b * o + gi * og) * p;
                if (viaPositions) {
                    float[] gt = Scratch.get(1, p * og), dcolT = Scratch.zeroed(3, p * ck), dcol = Scratch.get(2, ck * p);
                    Shapes.transpose(g, gOff, og, p, gt, 0);
                    MatMul.gemm(p, ck, og, gt, 0, w, gi * og * ck, dcolT, 0);
                    Shapes.transpose(dcolT, 0, p, ck, dcol, 0);
                    Im2col.fold(dcol, 1, c, b * c + gi * cg, cg, win, dx);
                } else if (win.identity) {
                    MatMul.gemm(cg, p, og, wt, gi * og * ck, g, gOff, dx, (b * c + gi * cg) * s);
                } else {
                    float[] dcol = Scratch.zeroed(2, ck * p);
                    MatMul.gemm(ck, p, og, wt, gi * og * ck, g, gOff, dcol, 0);
                    Im2col.fold(dcol, 1, c, b * c + gi * cg, cg, win, dx);
                }
            }
        });
    }

    /**
     * dw += G_g Col_g^T per group, samples taken in blocks ({@link #weightBlock}): one product of k = samples x positions
     * per block (dot products long enough to pay their lane sums) instead of one of k = p (121 on a 11x11 map) per sample.
     * With two blocks or more the blocks fall into two halves, each summed into its own partial dw on its own thread
     * (one hand-off for the layer), then the halves added in order; a thread count never changes which terms meet in
     * which order, so the bits are the same on any. A single block splits the product's rows instead.
     */
    public static void backwardWeight(float[] g, float[] x, int n, int c, int o, int groups, Windows win, float[] dw) {
        int p = win.outSize, s = win.inSize, cg = c / groups, og = o / groups, kk = win.kernelSize, ck = cg * kk;
        if (depthwise(c, groups, win)) {
            Parallel.forRange(o, 1, (long) n * o * p * kk, MIN_SPLIT_WORK, (o0, o1) -> {
                for (int oc = o0; oc < o1; oc++)
                    for (int b = 0; b < n; b++)
                        depthwiseWeight(x, (b * c + oc / og) * s, g, (b * o + oc) * p, dw, oc * kk, win);
            });
            return;
        }
        int block = weightBlock(n, ck, p), blocks = (n + block - 1) / block;
        if (blocks < 2) {
            weightBlocks(g, x, 0, n, block, c, o, groups, win, dw, true);
            return;
        }
        int half = (blocks + 1) / 2 * block; // samples of the first half
        float[][] partial = {new float[dw.length], new float[dw.length]};
        Parallel.forRange(2, 1, (long) n * o * p * ck, MIN_SPLIT_WORK, (h0, h1) -> Parallel.withThreads(1, () -> {
            for (int h = h0; h < h1; h++) weightBlocks(g, x, h == 0 ? 0 : half, h == 0 ? half : n, block, c, o, groups, win, partial[h], false);
            return null;
        }));
        for (int i = 0; i < dw.length; i++) dw[i] += partial[0][i] + partial[1][i];
    }

    /**
     * dw += the weight gradient of samples [from, to), {@code block} samples a product; {@code split}: unfold by channels
     * across threads. With 16 output channels a group or more and 32 columns' rows or more, the product is taken
     * transposed, dw_g^T [ck, og] += Col [ck, k] G^T [k, og], so the register tiles run on Col's rows as they are (one
     * vector or more of columns; 1.6x the dot products' speed on the small CNN's second layer), summed over the blocks
     * and added into dw once; fewer channels (too narrow for a vector) or fewer rows (the first layer's 9: too few for
     * the tiles, measured slower) take dot products, dw_g [og, ck] += G Col^T.
     */
    private static void weightBlocks(float[] g, float[] x, int from, int to, int block, int c, int o, int groups, Windows win, float[] dw, boolean split) {
        int p = win.outSize, cg = c / groups, og = o / groups, ck = cg * win.kernelSize;
        boolean tiled = og >= 16 && ck >= 32;
        float[] dwT = tiled ? new float[ck * og] : null;
        for (int gi = 0; gi < groups; gi++) {
            if (tiled) Arrays.fill(dwT, 0f);
            for (int b0 = from; b0 < to; b0 += block) {
                int nb = Math.min(block, to - b0), k = nb * p;
                float[] gs = Scratch.get(1, og * k);
                for (int b = 0; b < nb; b++) {
                    int at = ((b0 + b) * o + gi * og) * p;
                    if (tiled) Shapes.transpose(g, at, og, p, gs, b * p * og); // G^T: the block's positions down, channels across
                    else for (int oc = 0; oc < og; oc++) System.arraycopy(g, at + oc * p, gs, oc * k + b * p, p); // G: row oc its planes side by side
                }
                float[] col = Scratch.get(3, ck * k);
                unfold(x, nb, c, b0 * c + gi * cg, cg, win, col, split);
                if (tiled) MatMul.gemm(ck, og, k, col, 0, gs, 0, dwT, 0);
                else MatMul.gemm(false, true, og, ck, k, gs, 0, col, 0, dw, gi * og * ck);
            }
            if (tiled)
                for (int oc = 0; oc < og; oc++)
                    for (int j = 0; j < ck; j++) dw[(gi * og + oc) * ck + j] += dwT[j * og + oc];
        }
    }

    /**
     * Samples per block of the weight gradient: the block's columns (ck x samples x p floats) at most 2^17 floats, half
     * a megabyte, so that they stay in a core's L2 (2 MiB here) while the product reads them again for every tile; at
     * least one sample.
     */
    static int weightBlock(int n, int ck, int p) {
        return (int) Math.max(1, Math.min(n, (1L << 17) / ((long) ck * p)));
    }

    /**
     * db[oc] += the sum of g over samples and positions: eight running sums a channel (one sum is a chain of dependent
     * adds, four cycles each: 3 ms for the first layer of the small CNN at batch 256), channels split across threads.
     * The order is fixed by the shapes, so any thread count gives the same bits.
     */
    public static void backwardBias(float[] g, int n, int o, int p, float[] db) {
        Parallel.forRange(o, 1, (long) n * o * p, MIN_SPLIT_WORK, (o0, o1) -> {
            for (int oc = o0; oc < o1; oc++) {
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
                for (int b = 0; b < n; b++) {
                    int off = (b * o + oc) * p, q = 0;
                    for (; q + 8 <= p; q += 8) {
                        s0 += g[off + q]; s1 += g[off + q + 1]; s2 += g[off + q + 2]; s3 += g[off + q + 3];
                        s4 += g[off + q + 4]; s5 += g[off + q + 5]; s6 += g[off + q + 6]; s7 += g[off + q + 7];
                    }
                    for (; q < p; q++) s0 += g[off + q];
                }
                db[oc] += ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
            }
        });
    }

    private interface SampleBody {
        /** Works on sample b; {@code single} when this thread is the only one on it (it may split inside). */
        void run(int b, boolean single);
    }

    /** Samples across threads (each thread one after another, no split inside), or one at a time with splits inside. */
    private static void bySample(int n, long work, SampleBody body) {
        if (n >= 2 && Parallel.threads() > 1 && work >= MIN_SPLIT_WORK) {
            Parallel.forRange(n, 1, work, MIN_SPLIT_WORK, (b0, b1) -> Parallel.withThreads(1, () -> {
                for (int b = b0; b < b1; b++) body.run(b, false);
                return null;
            }));
        } else {
            for (int b = 0; b < n; b++) body.run(b, true);
        }
    }

    /** Columns of channels [c0, c0 + cg) of one sample (x seen with c channels per sample); split by channels when alone. */
    private static void unfold(float[] x, int c, int c0, int cg, Windows win, float[] col, boolean split) {
        unfold(x, 1, c, c0, cg, win, col, split);
    }

    /** As above for n samples from the one at c0 / c on, the columns [cg kk, n p] of {@link Im2col#unfold}. */
    private static void unfold(float[] x, int n, int c, int c0, int cg, Windows win, float[] col, boolean split) {
        int rows = win.kernelSize * n * win.outSize;
        if (!split) {
            Im2col.unfold(x, n, c, c0, cg, win, col);
            return;
        }
        Parallel.forRange(cg, 1, (long) cg * rows, 1L << 16, (a0, a1) -> Im2col.unfold(x, n, c, c0 + a0, a1 - a0, win, col, a0 * rows));
    }

    /**
     * One plane of a depthwise convolution: {@code acc[ao + q] += w[wo + k] * in[io + input position of (q, k)]},
     * kernel offsets in order, or (adjoint) the same pairs with the roles of acc and in swapped:
     * {@code in[io + position] += w[wo + k] * acc[ao + q]}. Rows of the kernel outside the input are skipped and each
     * kernel column runs over the output columns whose input lies inside, so no padding test in the inner loop.
     */
    static void depthwisePlane(boolean adjoint, float[] in, int io, float[] w, int wo, float[] acc, int ao, Windows win) {
        int h = win.inSpatial[0], wd = win.inSpatial[1], oh = win.outSpatial[0], ow = win.outSpatial[1];
        int kh = win.kernel[0], kw = win.kernel[1], sh = win.stride[0], sw = win.stride[1];
        int ph = win.padBegin[0], pw = win.padBegin[1], dh = win.dilation[0], dwl = win.dilation[1];
        if (sh == 1 && sw == 1) {
            if (adjoint) paddedPlaneAdjoint(in, io, w, wo, acc, ao, win);
            else paddedPlane(in, io, w, wo, acc, ao, win);
            return;
        }
        if (sw > 1) {
            stridedPlane(adjoint, in, io, w, wo, acc, ao, win);
            return;
        }
        for (int r = 0; r < oh; r++) { // stride 1 along rows, more than 1 down the columns
            int yRow = ao + r * ow;
            for (int i = 0; i < kh; i++) {
                int ih = r * sh - ph + i * dh;
                if (ih < 0 || ih >= h) continue;
                int xRow = io + ih * wd;
                for (int j = 0; j < kw; j++) {
                    float wv = w[wo + i * kw + j];
                    int shift = j * dwl - pw;
                    int lo = Windows.firstInside(shift, sw);
                    int hi = Windows.endInside(shift, sw, wd, ow);
                    int xs = xRow + shift;
                    if (adjoint) for (int q = lo; q < hi; q++) in[xs + q] += wv * acc[yRow + q];
                    else for (int q = lo; q < hi; q++) acc[yRow + q] += wv * in[xs + q];
                }
            }
        }
    }

    /**
     * {@link #depthwisePlane} for a stride above 1 along rows (MobileNet's and EfficientNet's downsampling layers) on
     * the plane split into column phases ({@link ColumnPhases}): each output takes the same terms in the same order as
     * reading every sw-th input value would, but the loads are consecutive. The adjoint adds into zeroed phases, then
     * those into the input's gradient.
     */
    private static void stridedPlane(boolean adjoint, float[] in, int io, float[] w, int wo, float[] acc, int ao, Windows win) {
        int h = win.inSpatial[0], wd = win.inSpatial[1], oh = win.outSpatial[0], ow = win.outSpatial[1];
        int kh = win.kernel[0], kw = win.kernel[1], sh = win.stride[0], sw = win.stride[1];
        int ph = win.padBegin[0], pw = win.padBegin[1], dh = win.dilation[0], dwl = win.dilation[1];
        int mk = ColumnPhases.cols(wd, sw), size = sw * h * mk;
        float[] phases = adjoint ? Scratch.zeroed(1, size) : ColumnPhases.split(in, io, h, wd, sw, Scratch.get(1, size));
        for (int r = 0; r < oh; r++) {
            int yRow = ao + r * ow;
            for (int i = 0; i < kh; i++) {
                int ih = r * sh - ph + i * dh;
                if (ih < 0 || ih >= h) continue;
                for (int j = 0; j < kw; j++) {
                    float wv = w[wo + i * kw + j];
                    int shift = j * dwl - pw;
                    int lo = Windows.firstInside(shift, sw), hi = Windows.endInside(shift, sw, wd, ow);
                    int at = ColumnPhases.start(shift, sw, h, ih, mk);
                    if (adjoint) for (int q = lo; q < hi; q++) phases[at + q] += wv * acc[yRow + q];
                    else for (int q = lo; q < hi; q++) acc[yRow + q] += wv * phases[at + q];
                }
            }
        }
        if (adjoint) ColumnPhases.addBack(phases, h, wd, sw, in, io);
    }

    /**
     * Stride 1 forward on a zero-padded copy of the plane, rows wp = ow + (kw - 1) dilation apart: output (r, q) read
     * at r * wp + q then takes tap (i, j) from r * wp + q + i dh wp + j dw, one fixed shift per tap, so each tap is
     * one long loop over the whole plane (vectorized) instead of one short loop per output row (a 14x14 or 7x7
     * map's rows are shorter than a vector). The columns past ow are computed and dropped.
     */
    private static void paddedPlane(float[] x, int xo, float[] w, int wo, float[] y, int yo, Windows win) {
        int oh = win.outSpatial[0], ow = win.outSpatial[1], kh = win.kernel[0], kw = win.kernel[1];
        int dh = win.dilation[0], dwl = win.dilation[1];
        int wp = ow + (kw - 1) * dwl, span = oh * wp;
        float[] xp = win.padded(x, xo, 0f);
        float[] yp = Scratch.zeroed(2, span);
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) {
                float wv = w[wo + i * kw + j];
                int shift = i * dh * wp + j * dwl;
                for (int t = 0; t < span; t++) yp[t] += wv * xp[t + shift];
            }
        for (int r = 0; r < oh; r++)
            for (int q = 0; q < ow; q++) y[yo + r * ow + q] += yp[r * wp + q];
    }

    /**
     * The adjoint of {@link #paddedPlane}: g laid out with rows wp apart (zeros in the dropped columns), each tap
     * one long loop adding into a zero-padded gradient plane, whose inside is then added to dx.
     */
    private static void paddedPlaneAdjoint(float[] dx, int xo, float[] w, int wo, float[] g, int go, Windows win) {
        int h = win.inSpatial[0], wd = win.inSpatial[1], oh = win.outSpatial[0], ow = win.outSpatial[1];
        int kh = win.kernel[0], kw = win.kernel[1], ph = win.padBegin[0], pw = win.padBegin[1];
        int dh = win.dilation[0], dwl = win.dilation[1];
        int wp = ow + (kw - 1) * dwl, hp = oh + (kh - 1) * dh, span = oh * wp;
        float[] gp = Scratch.zeroed(2, span);
        for (int r = 0; r < oh; r++) System.arraycopy(g, go + r * ow, gp, r * wp, ow);
        float[] dxp = Scratch.zeroed(1, hp * wp + (kw - 1) * dwl);
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) {
                float wv = w[wo + i * kw + j];
                int shift = i * dh * wp + j * dwl;
                for (int t = 0; t < span; t++) dxp[t + shift] += wv * gp[t];
            }
        int c0 = Math.max(0, pw), c1 = Math.min(wp, wd + pw);
        for (int r = 0; r < hp; r++) {
            int ih = r - ph;
            if (ih < 0 || ih >= h) continue;
            for (int col = c0; col < c1; col++) dx[xo + ih * wd + col - pw] += dxp[r * wp + col];
        }
    }

    /** dw[wo + k] += sum over output positions q of g[go + q] * x[xo + input position of (q, k)] (padding adds nothing). */
    static void depthwiseWeight(float[] x, int xo, float[] g, int go, float[] dw, int wo, Windows win) {
        int h = win.inSpatial[0], wd = win.inSpatial[1], oh = win.outSpatial[0], ow = win.outSpatial[1];
        int kh = win.kernel[0], kw = win.kernel[1], sh = win.stride[0], sw = win.stride[1];
        int ph = win.padBegin[0], pw = win.padBegin[1], dh = win.dilation[0], dwl = win.dilation[1];
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) {
                int shift = j * dwl - pw;
                int lo = Windows.firstInside(shift, sw);
                int hi = Windows.endInside(shift, sw, wd, ow);
                float acc = 0f;
                for (int r = 0; r < oh; r++) {
                    int ih = r * sh - ph + i * dh;
                    if (ih < 0 || ih >= h) continue;
                    int xs = xo + ih * wd + shift, gRow = go + r * ow;
                    for (int q = lo; q < hi; q++) acc += g[gRow + q] * x[xs + q * sw];
                }
                dw[wo + i * kw + j] += acc;
            }
    }
}
