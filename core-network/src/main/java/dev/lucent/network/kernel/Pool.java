package dev.lucent.network.kernel;

/** Max and average pooling over planes of flat spatial size s, through a {@link Windows} table. */
public final class Pool {
    /** Below this many window entries (or gradient values) a split across threads costs more than it saves. */
    private static final long MIN_SPLIT_WORK = 1L << 16;

    private Pool() {
    }

    /**
     * y[pl, q] = max over the window (padding never wins); arg records the input index, -1 for an all-padding window.
     * Planes split across threads (a plane's windows read only that plane).
     */
    public static void maxForward(float[] x, int planes, Windows win, float[] y, int[] arg) {
        int s = win.inSize, p = win.outSize, kk = win.kernelSize;
        int[] table = win.index;
        long work = (long) planes * p * kk;
        if (!MatMul.VECTORIZED || !win.noPadding || p == 0) {
            Parallel.forRange(planes, 1, work, MIN_SPLIT_WORK, (p0, p1) -> maxForward(x, p0, p1, s, p, kk, table, 0, y, arg));
            return;
        }
        // the scalar loop's compare is a branch on data, mispredicted about half the time: L windows at once
        int[] off = new int[kk];
        for (int k = 0; k < kk; k++) off[k] = table[k] - table[0];
        int ow = win.outSpatial[win.outSpatial.length - 1], sw = ow > 1 ? table[kk] - table[0] : 1;
        int wide = VectorElementwise.wideSize(p, ow, sw);
        Parallel.forRange(planes, 1, work, MIN_SPLIT_WORK, (p0, p1) -> {
            float[] wideV = new float[wide], wideK = new float[wide];
            for (int pl = p0; pl < p1; pl++)
                if (!VectorElementwise.maxPlane(x, pl * s, p, kk, ow, table, off, y, arg, pl * p, wideV, wideK))
                    maxForward(x, pl, pl + 1, s, p, kk, table, 0, y, arg); // the last plane's last vector would read past x
        });
    }

    /**
     * Max pooling of 2-d planes when no gradient is wanted (no argmax kept): per output row, kernel row and kernel
     * column one branch-free loop of maxima over the output columns whose input lies inside, as the depthwise
     * convolution walks its planes (the table's look-up and compare per value mispredict on padded windows, which
     * the vector kernel does not take: ResNet's 3x3 stride-2 pool with padding 1). Planes split across threads.
     * Returns false (nothing written) where a window lies wholly in the padding, whose output the table path defines.
     */
    public static boolean maxForward2d(float[] x, int planes, Windows win, float[] y) {
        if (win.inSpatial.length != 2) return false;
        int kk = win.kernelSize, p = win.outSize;
        for (int q = 0; q < p; q++) {
            boolean any = false;
            for (int k = 0; k < kk && !any; k++) any = win.index[q * kk + k] >= 0;
            if (!any) return false;
        }
        int s = win.inSize;
        Parallel.forRange(planes, 1, (long) planes * p * kk, MIN_SPLIT_WORK, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) maxPlane2d(x, pl * s, y, pl * p, win);
        });
        return true;
    }

    private static void maxPlane2d(float[] x, int xo, float[] y, int yo, Windows win) {
        int h = win.inSpatial[0], wd = win.inSpatial[1], oh = win.outSpatial[0], ow = win.outSpatial[1];
        int kh = win.kernel[0], kw = win.kernel[1], sh = win.stride[0], sw = win.stride[1];
        int ph = win.padBegin[0], pw = win.padBegin[1], dh = win.dilation[0], dwl = win.dilation[1];
        if (sh == 1 && sw == 1) {
            paddedPlane(x, xo, y, yo, win);
            return;
        }
        java.util.Arrays.fill(y, yo, yo + oh * ow, Float.NEGATIVE_INFINITY);
        if (sw > 1) { // columns split by phase first, so each tap's loop reads consecutive values (ColumnPhases)
            int mk = ColumnPhases.cols(wd, sw);
            float[] phases = ColumnPhases.split(x, xo, h, wd, sw, Scratch.get(1, sw * h * mk));
            for (int r = 0; r < oh; r++) {
                int yRow = yo + r * ow;
                for (int i = 0; i < kh; i++) {
                    int ih = r * sh - ph + i * dh;
                    if (ih < 0 || ih >= h) continue;
                    for (int j = 0; j < kw; j++) {
                        int shift = j * dwl - pw;
                        int lo = Windows.firstInside(shift, sw), hi = Windows.endInside(shift, sw, wd, ow);
                        int at = ColumnPhases.start(shift, sw, h, ih, mk);
                        maxInto(y, yRow + lo, phases, at + lo, hi - lo);
                    }
                }
            }
            return;
        }
        for (int r = 0; r < oh; r++) {
            int yRow = yo + r * ow;
            for (int i = 0; i < kh; i++) {
                int ih = r * sh - ph + i * dh;
                if (ih < 0 || ih >= h) continue;
                int xRow = xo + ih * wd;
                for (int j = 0; j < kw; j++) {
                    int shift = j * dwl - pw;
                    int lo = Windows.firstInside(shift, sw);
                    int hi = Windows.endInside(shift, sw, wd, ow);
                    int xs = xRow + shift;
                    maxInto(y, yRow + lo, x, xs + lo, hi - lo);
                }
            }
        }
    }

    /**
     * Stride 1 (GoogLeNet's and Inception's 3x3 pools beside the convolutions) on a copy of the plane padded with -inf
     * ({@link Windows#padded}), as the depthwise convolution's padded plane: each tap is one long loop of
     * maxima over the whole plane (vectorized) instead of one loop per output row, which on a 28x28 or 14x14 map is
     * shorter than a few vectors. The columns past ow are computed and dropped. The maximum is the same in any order.
     */
    private static void paddedPlane(float[] x, int xo, float[] y, int yo, Windows win) {
        int oh = win.outSpatial[0], ow = win.outSpatial[1], kh = win.kernel[0], kw = win.kernel[1];
        int dh = win.dilation[0], dwl = win.dilation[1];
        int wp = ow + (kw - 1) * dwl, span = oh * wp;
        float[] xp = win.padded(x, xo, Float.NEGATIVE_INFINITY);
        float[] yp = Scratch.get(2, span);
        java.util.Arrays.fill(yp, 0, span, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) {
                int shift = i * dh * wp + j * dwl;
                maxInto(yp, 0, xp, shift, span);
            }
        for (int r = 0; r < oh; r++) System.arraycopy(yp, r * wp, y, yo + r * ow, ow);
    }

    /** y[yo + t] = max(y[yo + t], x[xo + t]) for t < n: C2 leaves Math.max on floats scalar, the Vector API does not. */
    private static void maxInto(float[] y, int yo, float[] x, int xo, int n) {
        if (MatMul.VECTORIZED) VectorElementwise.maxInto(y, yo, x, xo, n);
        else for (int t = 0; t < n; t++) y[yo + t] = Math.max(y[yo + t], x[xo + t]);
    }

    /** The scalar form over planes [pl0, pl1) and output positions from q0. */
    static void maxForward(float[] x, int pl0, int pl1, int s, int p, int kk, int[] table, int q0, float[] y, int[] arg) {
        for (int pl = pl0; pl < pl1; pl++) {
            int xb = pl * s;
            for (int q = q0; q < p; q++) {
                float best = Float.NEGATIVE_INFINITY;
                int bi = -1;
                for (int k = 0; k < kk; k++) {
                    int idx = table[q * kk + k];
                    if (idx >= 0 && (bi < 0 || x[xb + idx] > best)) {
                        best = x[xb + idx];
                        bi = xb + idx;
                    }
                }
                y[pl * p + q] = bi < 0 ? 0f : best;
                arg[pl * p + q] = bi;
            }
        }
    }

    /** dx[arg] += g over planes of p outputs, split across threads: a plane's winners lie in its own input plane. */
    public static void maxBackward(float[] g, int[] arg, int planes, int p, float[] dx) {
        Parallel.forRange(planes, 1, (long) planes * p, MIN_SPLIT_WORK, (p0, p1) -> {
            for (int i = p0 * p; i < p1 * p; i++) if (arg[i] >= 0) dx[arg[i]] += g[i];
        });
    }

    /** Per-window divisors: the window size, or the count of non-padding entries. */
    public static float[] avgScale(int p, int kk, int[] table, boolean countIncludePad) {
        float[] scale = new float[p];
        for (int q = 0; q < p; q++) {
            int valid = 0;
            for (int k = 0; k < kk; k++) if (table[q * kk + k] >= 0) valid++;
            scale[q] = countIncludePad ? 1f / kk : valid == 0 ? 0f : 1f / valid;
        }
        return scale;
    }

    public static void avgForward(float[] x, int planes, int s, int p, int kk, int[] table, float[] scale, float[] y) {
        for (int pl = 0; pl < planes; pl++) {
            int xb = pl * s;
            for (int q = 0; q < p; q++) {
                float acc = 0f;
                for (int k = 0; k < kk; k++) {
                    int idx = table[q * kk + k];
                    if (idx >= 0) acc += x[xb + idx];
                }
                y[pl * p + q] = acc * scale[q];
            }
        }
    }

    public static void avgBackward(float[] g, int planes, int s, int p, int kk, int[] table, float[] scale, float[] dx) {
        for (int pl = 0; pl < planes; pl++)
            for (int q = 0; q < p; q++) {
                float gv = g[pl * p + q] * scale[q];
                for (int k = 0; k < kk; k++) {
                    int idx = table[q * kk + k];
                    if (idx >= 0) dx[pl * s + idx] += gv;
                }
            }
    }
}
