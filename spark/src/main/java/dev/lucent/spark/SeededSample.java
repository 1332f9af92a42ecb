package dev.lucent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The background sample ({@code --sample}): the rows whose seeded hash of the row id is smallest, ties by id, so the
 * same rows for any partitioning. Each row's hash is computed once, as it passes, and compared as a number with the
 * largest kept; a comparator on the rows (Spark's {@code takeOrdered}) hashes both rows of every comparison. Each
 * partition keeps its smallest, and the driver merges them as partitions finish: at most twice the sample at once.
 */
final class SeededSample {
    private SeededSample() {
    }

    /** A kept row and its hash. */
    private record Kept(long key, long id, Row row) implements Serializable {
    }

    private static final Comparator<Kept> ORDER = Comparator.comparingLong(Kept::key).thenComparingLong(Kept::id);

    /** The drawn rows with their ids, in id order. */
    static List<Tuple2<Row, Long>> draw(JavaPairRDD<Row, Long> rows, int size, long seed) {
        ArrayList<Kept> kept = rows.mapPartitions(it -> List.of(smallest(it, size, seed)).iterator())
                .reduce((a, b) -> smallest(a, b, size));
        List<Tuple2<Row, Long>> drawn = new ArrayList<>();
        kept.stream().sorted(Comparator.comparingLong(Kept::id)).forEach(k -> drawn.add(new Tuple2<>(k.row(), k.id())));
        return drawn;
    }

    private static ArrayList<Kept> smallest(Iterator<Tuple2<Row, Long>> rows, int size, long seed) {
        PriorityQueue<Kept> largestFirst = new PriorityQueue<>(size + 1, ORDER.reversed());
        while (rows.hasNext()) {
            Tuple2<Row, Long> r = rows.next();
            long id = r._2(), key = RowMethods.rowSeed(seed, "sample", id);
            if (largestFirst.size() == size) {
                Kept top = largestFirst.peek();
                if (key > top.key() || key == top.key() && id > top.id()) continue;
                largestFirst.poll();
            }
            largestFirst.add(new Kept(key, id, r._1()));
        }
        return new ArrayList<>(largestFirst);
    }

    private static ArrayList<Kept> smallest(ArrayList<Kept> a, ArrayList<Kept> b, int size) {
        ArrayList<Kept> both = new ArrayList<>(a);
        both.addAll(b);
        both.sort(ORDER);
        return new ArrayList<>(both.subList(0, Math.min(size, both.size())));
    }
}
