package dev.lucent.explain.overfitting;

import dev.lucent.network.api.data.DataSplit;
import java.util.SplittableRandom;

/**
 * The capacity probe of Zhang et al. (2017), "Understanding deep learning requires rethinking generalization":
 * train the same architecture on the training rows with their labels shuffled (so there is nothing to learn) and
 * see how well it fits them. A fit far above chance is memorisation.
 */
final class ShuffledLabelProbe {
    private ShuffledLabelProbe() {
    }

    /** The split with its labels permuted by a seeded Fisher-Yates shuffle (the class counts stay the same). */
    static DataSplit shuffled(DataSplit split, long seed) {
        int[] y = split.labels().clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = y.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return new DataSplit(split.name() + " (shuffled labels)", split.features(), y, split.targets());
    }

    /** The accuracy of always predicting the most common label: what fitting random labels scores by chance. */
    static double chance(int[] labels, int classes) {
        long[] c = new long[classes];
        for (int y : labels) c[y]++;
        long max = 0;
        for (long v : c) max = Math.max(max, v);
        return labels.length == 0 ? Double.NaN : (double) max / labels.length;
    }

    /** How much of the way from chance to a perfect fit the model got: 0 = chance, 1 = every random label fitted. */
    static double memorisation(double accuracy, double chance) {
        return chance >= 1 ? 0 : Math.max(0, (accuracy - chance) / (1 - chance));
    }

    static double accuracy(double[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < probabilities[i].length; j++) if (probabilities[i][j] > probabilities[i][best]) best = j;
            if (best == labels[i]) correct++;
        }
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }
}
