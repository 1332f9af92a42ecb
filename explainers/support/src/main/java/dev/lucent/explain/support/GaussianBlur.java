package dev.lucent.explain.support;

/**
 * A Gaussian blur of {@code [channels, height, width]} images, each channel alone, with zero padding as
 * RISE's {@code conv2d(x, kernel, padding = k // 2)}. The kernel is the sampled Gaussian normalised to sum 1.
 */
public final class GaussianBlur {
    /** RISE's insertion metric: kernel 11, sigma 5. */
    public static final int RISE_KERNEL = 11;
    public static final double RISE_SIGMA = 5;

    private final double[] kernel2d;
    private final int size;

    public GaussianBlur(int size, double sigma) {
        if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("blur kernel size must be odd and positive, got " + size);
        if (!(sigma > 0)) throw new IllegalArgumentException("blur sigma must be positive, got " + sigma);
        this.size = size;
        kernel2d = new double[size * size];
        int r = size / 2;
        double sum = 0;
        for (int y = -r; y <= r; y++)
            for (int x = -r; x <= r; x++) {
                double v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
                kernel2d[(y + r) * size + x + r] = v;
                sum += v;
            }
        for (int i = 0; i < kernel2d.length; i++) kernel2d[i] /= sum;
    }

    public static GaussianBlur rise() {
        return new GaussianBlur(RISE_KERNEL, RISE_SIGMA);
    }

    public double[] kernel() {
        return kernel2d.clone();
    }

    /** Blurs {@code n} images laid out as {@code [n, c, h, w]}. */
    public float[] apply(float[] images, int n, int c, int h, int w) {
        if (images.length != n * c * h * w)
            throw new IllegalArgumentException(images.length + " values for " + n + " images of " + c + "x" + h + "x" + w);
        float[] out = new float[images.length];
        int r = size / 2;
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * h * w;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int ky = -r; ky <= r; ky++) {
                        int yy = y + ky;
                        if (yy < 0 || yy >= h) continue;
                        for (int kx = -r; kx <= r; kx++) {
                            int xx = x + kx;
                            if (xx < 0 || xx >= w) continue;
                            s += kernel2d[(ky + r) * size + kx + r] * images[base + yy * w + xx];
                        }
                    }
                    out[base + y * w + x] = (float) s;
                }
        }
        return out;
    }
}
