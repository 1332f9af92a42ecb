package dev.lucent.bench;

import java.util.SplittableRandom;

/** The data every workload uses, drawn once from a seed so both engines see the same numbers. */
final class Workloads {
    final float[] w1, b1, w2, b2, w3, b3;
    final float[] conv1, conv1b, conv2, conv2b, fc, fcb;
    final float[] x64, x1, oneHot64, matA, matB;
    final int[] labels64;
    /** The tabular MLP 30-32-1 (binary logit) the KernelSHAP workload explains on breast cancer. */
    final float[] tw1, tb1, tw2, tb2;
    /** 256 rows and labels for the batch-size runs: rows and labels 0 to 63 are x64 and labels64. */
    final float[] x256;
    final int[] labels256;

    /** The largest batch the engine workloads run. */
    static final int MAX_BATCH = 256;

    Workloads(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        w1 = he(r, 784, 784 * 256); b1 = new float[256];
        w2 = he(r, 256, 256 * 128); b2 = new float[128];
        w3 = he(r, 128, 128 * 10); b3 = new float[10];
        conv1 = he(r, 9, 16 * 9); conv1b = new float[16];
        conv2 = he(r, 16 * 9, 32 * 16 * 9); conv2b = new float[32];
        fc = he(r, 800, 800 * 10); fcb = new float[10];
        x64 = uniform(r, 64 * 784);
        x1 = new float[784];
        System.arraycopy(x64, 0, x1, 0, 784);
        labels64 = new int[64];
        oneHot64 = new float[64 * 10];
        for (int i = 0; i < 64; i++) {
            labels64[i] = r.nextInt(10);
            oneHot64[i * 10 + labels64[i]] = 1f;
        }
        matA = uniform(r, 64 * 784);
        matB = uniform(r, 784 * 256);
        // drawn last so the engine workloads' data above stays what it was
        tw1 = he(r, 30, 30 * 32); tb1 = new float[32];
        tw2 = he(r, 32, 32); tb2 = new float[1];
        // rows 64 to 255 drawn after everything else, for the same reason
        x256 = new float[MAX_BATCH * 784];
        System.arraycopy(x64, 0, x256, 0, x64.length);
        float[] more = uniform(r, (MAX_BATCH - 64) * 784);
        System.arraycopy(more, 0, x256, x64.length, more.length);
        labels256 = new int[MAX_BATCH];
        System.arraycopy(labels64, 0, labels256, 0, 64);
        for (int i = 64; i < MAX_BATCH; i++) labels256[i] = r.nextInt(10);
    }

    /** The first {@code n} rows (784 values each) as a fresh array. */
    float[] rows(int n) {
        checkBatch(n);
        return java.util.Arrays.copyOf(x256, n * 784);
    }

    /** The labels of the first {@code n} rows. */
    int[] labels(int n) {
        checkBatch(n);
        return java.util.Arrays.copyOf(labels256, n);
    }

    /** The labels of the first {@code n} rows one-hot, {@code [n, 10]}, each 1 multiplied by {@code scale}. */
    float[] oneHot(int n, float scale) {
        int[] l = labels(n);
        float[] v = new float[n * 10];
        for (int i = 0; i < n; i++) v[i * 10 + l[i]] = scale;
        return v;
    }

    private static void checkBatch(int n) {
        if (n < 1 || n > MAX_BATCH) throw new IllegalArgumentException("batch size must be 1 to " + MAX_BATCH + ", got " + n);
    }

    private static float[] he(SplittableRandom r, int fanIn, int n) {
        float[] v = new float[n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < n; i++) v[i] = (float) (gaussian(r) * std);
        return v;
    }

    private static float[] uniform(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble();
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
