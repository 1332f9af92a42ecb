package dev.lucent.explain.testkit;

import java.util.SplittableRandom;

/** The Fisher-Yates shuffle every seeded split and training epoch of the fixtures uses. */
final class Permutation {
    private Permutation() {
    }

    static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
