package dev.lucent.network.kernel;

/**
 * A plane's rows split by column phase, for windows that step sw > 1 columns (stride-2 depthwise convolutions and
 * pools): phase f of row ih holds x[ih, f], x[ih, f + sw], ... at {@code (f * h + ih) * cols(wd, sw) + k}. A tap whose
 * input column is q * sw + shift then reads phase floorMod(shift, sw) at q + floorDiv(shift, sw): consecutive values,
 * which C2 vectorizes, instead of every sw-th one, which it leaves scalar.
 */
final class ColumnPhases {
    private ColumnPhases() {
    }

    /** Values per phase row: ceil(wd / sw). */
    static int cols(int wd, int sw) {
        return (wd + sw - 1) / sw;
    }

    /** The h x wd plane at x[xo ..] split into dst (at least sw * h * cols(wd, sw) long); returns dst. */
    static float[] split(float[] x, int xo, int h, int wd, int sw, float[] dst) {
        int mk = cols(wd, sw);
        for (int ih = 0; ih < h; ih++) {
            int row = xo + ih * wd;
            for (int f = 0; f < sw; f++) {
                int d = (f * h + ih) * mk;
                for (int col = f; col < wd; col += sw) dst[d++] = x[row + col];
            }
        }
        return dst;
    }

    /** The adjoint of {@link #split}: dx[xo + ih * wd + col] += the phase value of that column. */
    static void addBack(float[] phases, int h, int wd, int sw, float[] dx, int xo) {
        int mk = cols(wd, sw);
        for (int ih = 0; ih < h; ih++) {
            int row = xo + ih * wd;
            for (int f = 0; f < sw; f++) {
                int d = (f * h + ih) * mk;
                for (int col = f; col < wd; col += sw) dx[row + col] += phases[d++];
            }
        }
    }

    /** Where the tap with column offset {@code shift} (its offset minus the left padding) starts in phase row ih. */
    static int start(int shift, int sw, int h, int ih, int mk) {
        return (Math.floorMod(shift, sw) * h + ih) * mk + Math.floorDiv(shift, sw);
    }
}
