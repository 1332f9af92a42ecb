package dev.lucent.network.kernel;

import java.util.Arrays;

/**
 * Sliding windows over N-d spatial grids, shared by convolution and pooling: a table that maps
 * (output position, kernel offset) to the input's flat spatial index, or -1 inside the padding.
 */
public final class Windows {
    public final int[] inSpatial;
    public final int[] outSpatial;
    public final int inSize;
    public final int outSize;
    public final int kernelSize;
    /** index[p * kernelSize + kk]: flat input position, -1 for padding. */
    public final int[] index;
    /**
     * The table per kernel offset as runs of output positions whose input positions are consecutive (or all
     * padding), so im2col moves blocks instead of single values: run r of offset kk is
     * runs[3r] = first output position, runs[3r + 1] = length, runs[3r + 2] = its first input position or -1,
     * for r in runStart[kk] .. runStart[kk + 1] - 1, in increasing output position.
     */
    public final int[] runs;
    public final int[] runStart;
    /** True when no window reaches into the padding (every index entry is an input position). */
    public final boolean noPadding;
    /** The geometry the table was built from, for kernels that walk planes directly (depthwise convolution). */
    public final int[] kernel, stride, padBegin, dilation;
    /** A 1x1 window with stride 1 and no padding: output position q reads input position q, so columns are the input. */
    public final boolean identity;

    /** Tables this thread built lately, by geometry: a model runs the same few layer shapes on every call. */
    private static final ThreadLocal<java.util.LinkedHashMap<String, Windows>> RECENT = ThreadLocal.withInitial(
            () -> new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Windows> eldest) {
                    return size() > 48;
                }
            });

    /** The table for this geometry, reused when this thread built it lately (tables are never written after construction). */
    public static Windows of(int[] inSpatial, int[] kernel, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, boolean ceilMode) {
        String key = Arrays.toString(inSpatial) + Arrays.toString(kernel) + Arrays.toString(stride) + Arrays.toString(padBegin)
                + Arrays.toString(padEnd) + Arrays.toString(dilation) + ceilMode;
        java.util.LinkedHashMap<String, Windows> recent = RECENT.get();
        Windows w = recent.get(key);
        if (w == null) {
            w = new Windows(inSpatial, kernel, stride, padBegin, padEnd, dilation, ceilMode);
            if ((long) w.outSize * w.kernelSize <= 1 << 20) recent.put(key, w); // at most 4 MB a table
        }
        return w;
    }

    public Windows(int[] inSpatial, int[] kernel, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, boolean ceilMode) {
        int d = inSpatial.length;
        if (kernel.length != d || stride.length != d || padBegin.length != d || padEnd.length != d || dilation.length != d)
            throw new IllegalArgumentException("window parameters must each have " + d + " entries (spatial rank)");
        this.inSpatial = inSpatial.clone();
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padBegin = padBegin.clone();
        this.dilation = dilation.clone();
        this.outSpatial = new int[d];
        for (int i = 0; i < d; i++) {
            if (kernel[i] < 1 || stride[i] < 1 || dilation[i] < 1 || padBegin[i] < 0 || padEnd[i] < 0)
                throw new IllegalArgumentException("invalid window: kernel " + Arrays.toString(kernel) + " stride " + Arrays.toString(stride)
                        + " dilation " + Arrays.toString(dilation) + " pads " + Arrays.toString(padBegin) + Arrays.toString(padEnd));
            int span = dilation[i] * (kernel[i] - 1) + 1;
            int room = inSpatial[i] + padBegin[i] + padEnd[i] - span;
            if (room < 0)
                throw new IllegalArgumentException("kernel " + Arrays.toString(kernel) + " (dilated) is larger than padded input " + Arrays.toString(inSpatial));
            int o = (ceilMode ? (room + stride[i] - 1) / stride[i] : room / stride[i]) + 1;
            // ceil mode: the last window must start inside the input or left padding
            if (ceilMode && (o - 1) * stride[i] >= inSpatial[i] + padBegin[i]) o--;
            outSpatial[i] = o;
        }
        this.inSize = Shapes.size(inSpatial);
        this.outSize = Shapes.size(outSpatial);
        this.kernelSize = Shapes.size(kernel);
        this.index = new int[outSize * kernelSize];
        int[] op = new int[d];
        int[] kp = new int[d];
        for (int p = 0; p < outSize; p++) {
            Arrays.fill(kp, 0);
            for (int kk = 0; kk < kernelSize; kk++) {
                int flat = 0;
                boolean inside = true;
                for (int i = 0; i < d; i++) {
                    int x = op[i] * stride[i] - padBegin[i] + kp[i] * dilation[i];
                    if (x < 0 || x >= inSpatial[i]) {
                        inside = false;
                        break;
                    }
                    flat = flat * inSpatial[i] + x;
                }
                index[p * kernelSize + kk] = inside ? flat : -1;
                increment(kp, kernel);
            }
            increment(op, outSpatial);
        }
        int[] r = new int[3 * Math.max(1, outSize * kernelSize)];
        int[] start = new int[kernelSize + 1];
        int nr = 0;
        boolean padFree = true;
        for (int kk = 0; kk < kernelSize; kk++) {
            start[kk] = nr;
            for (int p = 0; p < outSize; ) {
                int first = index[p * kernelSize + kk];
                padFree &= first >= 0;
                int len = 1;
                while (p + len < outSize) {
                    int next = index[(p + len) * kernelSize + kk];
                    if (first < 0 ? next >= 0 : next != first + len) break;
                    len++;
                }
                r[3 * nr] = p;
                r[3 * nr + 1] = len;
                r[3 * nr + 2] = first;
                nr++;
                p += len;
            }
        }
        start[kernelSize] = nr;
        this.runs = Arrays.copyOf(r, 3 * nr);
        this.runStart = start;
        this.noPadding = padFree;
        this.identity = kernelSize == 1 && outSize == inSize && padFree && nr == 1 && runs[2] == 0;
    }

    /**
     * A 2-d plane at x[xo ..] copied into a per-thread buffer (Scratch slot 1) with {@code fill} around it, rows
     * wp = ow + (kw - 1) dilation apart and oh + (kh - 1) dilation rows: output (r, q) of a stride-1 window then reads
     * tap (i, j) at r * wp + q + i dh wp + j dw, one fixed shift per tap over the whole plane (the columns past ow are
     * computed and dropped). Valid until the thread's next use of the slot.
     */
    float[] padded(float[] x, int xo, float fill) {
        int h = inSpatial[0], wd = inSpatial[1], ow = outSpatial[1], pw = padBegin[1];
        int wp = ow + (kernel[1] - 1) * dilation[1], hp = outSpatial[0] + (kernel[0] - 1) * dilation[0];
        int size = hp * wp + (kernel[1] - 1) * dilation[1];
        float[] xp = Scratch.get(1, size);
        Arrays.fill(xp, 0, size, fill);
        int c0 = Math.max(0, pw), c1 = Math.min(wp, wd + pw); // padded columns that hold input
        for (int r = 0; r < hp; r++) {
            int ih = r - padBegin[0];
            if (ih >= 0 && ih < h && c1 > c0) System.arraycopy(x, xo + ih * wd + c0 - pw, xp, r * wp + c0, c1 - c0);
        }
        return xp;
    }

    /** The first output column q whose input column q * sw + shift is inside the row (shift: the tap's offset minus the padding). */
    static int firstInside(int shift, int sw) {
        return shift >= 0 ? 0 : (-shift + sw - 1) / sw;
    }

    /** One past the last output column (of ow) whose input column q * sw + shift is inside a row of wd. */
    static int endInside(int shift, int sw, int wd, int ow) {
        return wd - 1 - shift < 0 ? 0 : Math.min(ow, (wd - 1 - shift) / sw + 1);
    }

    private static void increment(int[] idx, int[] dims) {
        for (int i = idx.length - 1; i >= 0; i--) {
            if (++idx[i] < dims[i]) return;
            idx[i] = 0;
        }
    }
}
