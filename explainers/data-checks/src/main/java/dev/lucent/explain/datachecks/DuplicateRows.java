package dev.lucent.explain.datachecks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Rows with identical feature values (bit for bit, so -0.0 and 0.0 differ and NaN equals NaN) within one split,
 * grouped, with how many groups carry conflicting labels.
 */
record DuplicateRows(List<int[]> groups, int redundantRows, int conflictingGroups) {

    /** A row's values as a map key. */
    record Key(float[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    static Key key(Rows r, int row) {
        return new Key(Arrays.copyOfRange(r.values(), row * r.width(), (row + 1) * r.width()));
    }

    static DuplicateRows of(Rows r) {
        Map<Key, MutableIntList> seen = new LinkedHashMap<>();
        for (int i = 0; i < r.rows(); i++) seen.computeIfAbsent(key(r, i), k -> new IntArrayList()).add(i);
        List<int[]> groups = new ArrayList<>();
        int redundant = 0;
        int conflicting = 0;
        for (MutableIntList g : seen.values()) {
            if (g.size() < 2) continue;
            int[] rows = g.toArray();
            groups.add(rows);
            redundant += rows.length - 1;
            if (r.labels() != null)
                for (int row : rows)
                    if (r.labels()[row] != r.labels()[rows[0]]) {
                        conflicting++;
                        break;
                    }
        }
        return new DuplicateRows(groups, redundant, conflicting);
    }
}
