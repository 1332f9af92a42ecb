package dev.lucent.network.data;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose output is fixed by its definition, so a
 * seed gives the same split on every JDK (java.util generators are free to change between releases).
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound) without modulo bias (Lemire's method with rejection). */
    int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        long m = (nextLong() >>> 32) * bound;
        if ((m & 0xFFFFFFFFL) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while ((m & 0xFFFFFFFFL) < threshold) m = (nextLong() >>> 32) * bound;
        }
        return (int) (m >>> 32);
    }

    /** Fisher-Yates shuffle of {@code a[0..n)}. */
    void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
