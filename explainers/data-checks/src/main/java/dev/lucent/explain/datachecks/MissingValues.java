package dev.lucent.explain.datachecks;

/** Per feature, how many rows hold NaN (missing) and how many hold an infinity. */
record MissingValues(long[] missing, long[] infinite, long rowsWithAny) {

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
        return new MissingValues(nan, inf, rows);
    }

    long totalMissing() {
        long s = 0;
        for (long v : missing) s += v;
        return s;
    }

    long totalInfinite() {
        long s = 0;
        for (long v : infinite) s += v;
        return s;
    }
}
