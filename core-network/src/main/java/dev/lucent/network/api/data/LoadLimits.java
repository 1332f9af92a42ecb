package dev.lucent.network.api.data;

/**
 * Bounds that keep a hostile or mistaken file from exhausting memory. Loading stops with a
 * {@link DataFormatException} naming the limit as soon as one is crossed, before allocating for it.
 *
 * @param maxLineBytes  longest line of a text file, in bytes (checked while reading, so a huge line is never held)
 * @param maxColumns    most columns per line (header included)
 * @param maxCells      most feature values held in memory (rows x features); 4 bytes each
 * @param maxInputBytes most bytes read from one file after decompression (guards against gzip bombs)
 * @param maxClasses    most distinct labels for classification
 */
public record LoadLimits(int maxLineBytes, int maxColumns, long maxCells, long maxInputBytes, int maxClasses) {
    public LoadLimits {
        if (maxLineBytes < 16) throw new IllegalArgumentException("maxLineBytes must be at least 16, got " + maxLineBytes);
        if (maxColumns < 1) throw new IllegalArgumentException("maxColumns must be positive, got " + maxColumns);
        if (maxCells < 1 || maxCells > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("maxCells must be in 1.." + (Integer.MAX_VALUE - 8) + ", got " + maxCells);
        if (maxInputBytes < 1) throw new IllegalArgumentException("maxInputBytes must be positive, got " + maxInputBytes);
        if (maxClasses < 2) throw new IllegalArgumentException("maxClasses must be at least 2, got " + maxClasses);
    }

    /**
     * 4 MiB lines, 600,000 columns (an RGB image up to 447 x 447 per row: vision models take 3 x 224 x 224 or
     * 3 x 299 x 299), 64 M values (256 MB), 4 GiB input, 1,000 classes.
     */
    public static LoadLimits defaults() {
        return new LoadLimits(4 << 20, 600_000, 64L << 20, 4L << 30, 1_000);
    }

    public LoadLimits withMaxLineBytes(int v) {
        return new LoadLimits(v, maxColumns, maxCells, maxInputBytes, maxClasses);
    }

    public LoadLimits withMaxColumns(int v) {
        return new LoadLimits(maxLineBytes, v, maxCells, maxInputBytes, maxClasses);
    }

    public LoadLimits withMaxCells(long v) {
        return new LoadLimits(maxLineBytes, maxColumns, v, maxInputBytes, maxClasses);
    }

    public LoadLimits withMaxInputBytes(long v) {
        return new LoadLimits(maxLineBytes, maxColumns, maxCells, v, maxClasses);
    }

    public LoadLimits withMaxClasses(int v) {
        return new LoadLimits(maxLineBytes, maxColumns, maxCells, maxInputBytes, v);
    }
}
