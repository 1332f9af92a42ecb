package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an explainer that perturbs features treats as one feature. For tables, each column. For images
 * {@code [c, h, w]}, square patches of {@code side} x {@code side} pixels, all channels together (the last row
 * and column of patches take what is left): one pixel of a 224 x 224 photo says nothing alone, and shuffling or
 * removing 150,528 values one at a time does not fit an audit's time, while 49 patches do.
 *
 * @param members  the value indices (row-major within a sample) of each feature
 * @param names    each feature's name, for findings
 * @param described what a feature is, in words, for the finding's note
 */
public record FeatureGroups(int[][] members, List<String> names, String described) {

    /** Patches per image side by default: 7 x 7 = 49 features, as occlusion's default window (a seventh of the side). */
    public static final int DEFAULT_CELLS = 7;

    public FeatureGroups {
        if (members.length != names.size()) throw new IllegalArgumentException(members.length + " groups, " + names.size() + " names");
        names = List.copyOf(names);
    }

    /** Each value its own feature, named. */
    public static FeatureGroups singletons(List<String> names) {
        int[][] members = new int[names.size()][];
        for (int j = 0; j < members.length; j++) members[j] = new int[] {j};
        return new FeatureGroups(members, names, "each feature alone");
    }

    /** Patches of {@code side} x {@code side} pixels over images of {@code c} channels of {@code h} x {@code w}. */
    public static FeatureGroups patches(int c, int h, int w, int side) {
        if (side < 1 || side > Math.max(h, w))
            throw new IllegalArgumentException("parameter patch must be between 1 and " + Math.max(h, w) + " pixels, got " + side);
        int rows = Math.max(1, h / side), cols = Math.max(1, w / side); // a remainder joins the last patch
        int[][] members = new int[rows * cols][];
        List<String> names = new ArrayList<>();
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) {
                int y0 = r * side, y1 = r == rows - 1 ? h : y0 + side;
                int x0 = q * side, x1 = q == cols - 1 ? w : x0 + side;
                int[] m = new int[c * (y1 - y0) * (x1 - x0)];
                int k = 0;
                for (int ch = 0; ch < c; ch++)
                    for (int y = y0; y < y1; y++)
                        for (int x = x0; x < x1; x++) m[k++] = ch * h * w + y * w + x;
                members[r * cols + q] = m;
                names.add(String.format(Locale.ROOT, "patch rows %d-%d, columns %d-%d", y0, y1 - 1, x0, x1 - 1));
            }
        return new FeatureGroups(members, names, String.format(Locale.ROOT,
                "features are %d patches of %dx%d pixels (a %dx%d grid, all %d channel%s of a patch together; parameter patch)",
                rows * cols, side, side, rows, cols, c, c == 1 ? "" : "s"));
    }

    /**
     * The features of an audit's samples: for images ({@code sampleShape} of rank 3) patches of the parameter
     * {@code patch} pixels (default a seventh of the shorter side; 0: every value alone), else the named columns.
     */
    public static FeatureGroups of(AuditContext context, int[] sampleShape, List<String> names) {
        int values = 1;
        for (int d : sampleShape) values *= d;
        if (sampleShape.length == 3) {
            int h = sampleShape[1], w = sampleShape[2];
            int side = context.intParameter("patch", defaultSide(h, w));
            // a one-pixel patch of a one-channel image is the value itself: it keeps the value's own name (8x8 digits)
            if (side != 0 && !(side == 1 && sampleShape[0] == 1)) return patches(sampleShape[0], h, w, side);
        }
        List<String> named = new ArrayList<>(names.size() == values ? names : List.of());
        for (int j = named.size(); j < values; j++) named.add("feature " + j);
        return singletons(named);
    }

    /** A seventh of the shorter side, at least 1 pixel. */
    public static int defaultSide(int h, int w) {
        return Math.max(1, Math.min(h, w) / DEFAULT_CELLS);
    }

    public int count() {
        return members.length;
    }

    /** True when every feature is one value. */
    public boolean single() {
        for (int[] m : members) if (m.length != 1) return false;
        return true;
    }

    /** A value per feature spread over its members (each member gets value / size), {@code m} values. */
    public double[] spread(double[] perFeature, int m) {
        double[] out = new double[m];
        for (int g = 0; g < members.length; g++)
            for (int j : members[g]) out[j] = perFeature[g] / members[g].length;
        return out;
    }
}
