package dev.lucent.explain.datachecks;

/** Per feature, how many rows hold NaN (missing) and how many hold an infinity; long counts, merged by sums. */
final class MissingValues extends SplitCounts<MissingValues> {
    private static final long serialVersionUID = 1L;
    private long[] missing;
    private long[] infinite;
    private long rowsWithAny;

    private MissingValues(String split, long rows, long[] missing, long[] infinite, long rowsWithAny) {
        super(split, rows);
        this.missing = missing;
        this.infinite = infinite;
        this.rowsWithAny = rowsWithAny;
    }

    static MissingValues none() {
        return new MissingValues(null, 0, null, null, 0);
    }

    static MissingValues of(Rows r) {
        long[] nan = new long[r.width()];
        long[] inf = new long[r.width()];
        long rows = 0;
        for (int i = 0; i < r.rows(); i++) {
            boolean any = false;
            for (int j = 0; j < r.width(); j++) {
                float v = r.get(i, j);
                if (Float.isNaN(v)) {
                    nan[j]++;
                    any = true;
                } else if (Float.isInfinite(v)) {
                    inf[j]++;
                    any = true;
                }
            }
            if (any) rows++;
        }
        return new MissingValues(r.name(), r.rows(), nan, inf, rows);
    }

    @Override
    void add(MissingValues other) {
        rowsWithAny += other.rowsWithAny;
        if (missing == null) {
            missing = other.missing;
            infinite = other.infinite;
        } else if (other.missing != null)
            for (int j = 0; j < missing.length; j++) {
                missing[j] += other.missing[j];
                infinite[j] += other.infinite[j];
            }
    }

    long[] missing() {
        return missing == null ? new long[0] : missing;
    }

    long[] infinite() {
        return infinite == null ? new long[0] : infinite;
    }

    long rowsWithAny() {
        return rowsWithAny;
    }

    long totalMissing() {
        long s = 0;
        for (long v : missing()) s += v;
        return s;
    }

    long totalInfinite() {
        long s = 0;
        for (long v : infinite()) s += v;
        return s;
    }
}
