package dev.lucent.explain.datachecks;

import dev.lucent.explain.support.Seeds;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows with identical feature values (bit for bit, so -0.0 and 0.0 differ and NaN equals NaN) within one split, as a
 * summary that merges: each distinct row is known by a 64-bit hash of its values, with how many rows hold it, whether
 * their labels disagree, and its {@value #IDS} smallest row ids. The summary keeps the {@value #KEPT} distinct rows
 * with the smallest hashes: while a split has no more distinct rows than that (every single-machine split the
 * runner's memory holds today), every group is known and the counts are exact (up to a 64-bit hash collision, about
 * n²/2⁶⁵: 3e-6 at 10⁷ rows); past it the kept rows are a uniform sample of the distinct rows (by hash, so a group is
 * kept whole or not at all) and the redundant share is estimated from it. Merging adds counts and keeps the smallest
 * hashes and ids, so any split of the rows gives the same summary.
 */
final class DuplicateRows extends SplitCounts<DuplicateRows> {
    private static final long serialVersionUID = 1L;
    /** Distinct rows kept (a merged summary is at most this many entries, about 5 MiB). */
    static final int KEPT = 1 << 17;
    /** Row ids kept per group (the smallest). */
    static final int IDS = 20;

    /** The rows holding one distinct row: their number, smallest ids with their labels, and whether labels disagree. */
    static final class Group {
        long count;
        long[] ids;
        int[] labels;
        boolean conflicting;

        Group(long id, int label) {
            count = 1;
            ids = new long[] {id};
            labels = new int[] {label};
        }

        void add(Group o) {
            conflicting |= o.conflicting || labels[0] != o.labels[0];
            count += o.count;
            // the smallest ids of both, in order
            int n = Math.min(IDS, ids.length + o.ids.length), i = 0, j = 0;
            long[] id = new long[n];
            int[] label = new int[n];
            for (int k = 0; k < n; k++) {
                boolean mine = j >= o.ids.length || (i < ids.length && ids[i] < o.ids[j]);
                id[k] = mine ? ids[i] : o.ids[j];
                label[k] = mine ? labels[i++] : o.labels[j++];
            }
            ids = id;
            labels = label;
        }
    }

    /** Distinct rows by hash, the smallest {@value #KEPT} hashes (serialized as plain arrays, see {@link #writeObject}). */
    private transient TreeMap<Long, Group> kept = new TreeMap<>();
    /** Whether some distinct row was dropped: then {@link #kept} is a sample. */
    private boolean sampled;

    private DuplicateRows(String split, long rows) {
        super(split, rows);
    }

    static DuplicateRows none() {
        return new DuplicateRows(null, 0);
    }

    /** The summary of rows whose ids are {@code ids} (labels -1 when unlabelled). */
    static DuplicateRows of(Rows r, long[] ids) {
        DuplicateRows d = new DuplicateRows(r.name(), r.rows());
        for (int i = 0; i < r.rows(); i++) {
            Group g = new Group(ids[i], r.labels() == null ? -1 : r.labels()[i]);
            d.kept.merge(hash(r, i), g, (a, b) -> {
                a.add(b);
                return a;
            });
        }
        d.trim();
        return d;
    }

    /** A whole split, ids 0.. in row order. */
    static DuplicateRows of(Rows r) {
        long[] ids = new long[r.rows()];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        return of(r, ids);
    }

    /** A 64-bit hash of a row's values, NaN as one value (as {@link Float#floatToIntBits} reads it). */
    static long hash(Rows r, int row) {
        long h = 0x5851f42d4c957f2dL;
        for (int j = 0; j < r.width(); j++) h = Seeds.mix(h ^ (Float.floatToIntBits(r.get(row, j)) & 0xffffffffL) + j);
        return Seeds.mix(h + r.width());
    }

    @Override
    void add(DuplicateRows other) {
        sampled |= other.sampled;
        for (Map.Entry<Long, Group> e : other.kept.entrySet())
            kept.merge(e.getKey(), e.getValue(), (a, b) -> {
                a.add(b);
                return a;
            });
        trim();
    }

    private void trim() {
        while (kept.size() > KEPT) {
            kept.pollLastEntry();
            sampled = true;
        }
    }

    /** The kept rows as primitives: a partition's summary of 10⁵ distinct rows is written in milliseconds, not seconds. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(kept.size());
        for (Map.Entry<Long, Group> e : kept.entrySet()) {
            Group g = e.getValue();
            out.writeLong(e.getKey());
            out.writeLong(g.count);
            out.writeBoolean(g.conflicting);
            out.writeByte(g.ids.length);
            for (int i = 0; i < g.ids.length; i++) {
                out.writeLong(g.ids[i]);
                out.writeInt(g.labels[i]);
            }
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        kept = new TreeMap<>();
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
            long hash = in.readLong();
            Group g = new Group(0, 0);
            g.count = in.readLong();
            g.conflicting = in.readBoolean();
            int m = in.readByte();
            g.ids = new long[m];
            g.labels = new int[m];
            for (int i = 0; i < m; i++) {
                g.ids[i] = in.readLong();
                g.labels[i] = in.readInt();
            }
            kept.put(hash, g);
        }
    }

    /** Whether the counts cover a sample of the distinct rows rather than all of them. */
    boolean sampled() {
        return sampled;
    }

    /** Rows the kept distinct rows cover (all rows unless {@link #sampled()}). */
    long rowsCovered() {
        long n = 0;
        for (Group g : kept.values()) n += g.count;
        return n;
    }

    /** Groups of two or more identical rows, by their smallest row id. */
    List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        for (Group g : kept.values()) if (g.count > 1) groups.add(g);
        groups.sort((a, b) -> Long.compare(a.ids[0], b.ids[0]));
        return groups;
    }

    /** Rows repeating an earlier row of their group, among the rows covered. */
    long redundantRows() {
        long n = 0;
        for (Group g : groups()) n += g.count - 1;
        return n;
    }

    long conflictingGroups() {
        return groups().stream().filter(g -> g.conflicting).count();
    }

    /** A group's members as the table lists them: its ids, and how many more when it has more than {@value #IDS}. */
    static String members(Group g) {
        String ids = Arrays.toString(g.ids);
        return g.count > g.ids.length ? ids.substring(0, ids.length() - 1) + ", ... " + g.count + " rows in all]" : ids;
    }
}
