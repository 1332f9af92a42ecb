package dev.lucent.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Each row with its id, its 0-based position as read: what {@code zipWithIndex} gives, without its extra pass that
 * parses every row only to count the rows per partition. The rows per partition are counted from a scan that reads
 * no column (Spark's CSV reader then splits lines but converts no value; Parquet reads its row counts), which has the
 * same partitions as the scan of every column: the same files split the same way.
 */
final class RowIds {
    private RowIds() {
    }

    static JavaPairRDD<Row, Long> index(Dataset<Row> df) {
        JavaRDD<Row> rows = df.javaRDD();
        int partitions = rows.getNumPartitions();
        if (partitions <= 1) return rows.zipWithIndex(); // one partition: its ids start at 0, nothing to count
        List<Long> counts = df.select(functions.lit(true)).javaRDD().mapPartitions(RowIds::count).collect();
        if (counts.size() != partitions)
            throw new IllegalStateException("the row count read " + counts.size() + " partitions, the rows " + partitions);
        long[] first = new long[partitions + 1];
        for (int p = 0; p < partitions; p++) first[p + 1] = first[p] + counts.get(p);
        return JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex((p, it) -> numbered(it, p, first[p], first[p + 1]), false));
    }

    private static Iterator<Long> count(Iterator<Row> it) {
        long n = 0;
        for (; it.hasNext(); it.next()) n++;
        return List.of(n).iterator();
    }

    /** Partition {@code p}'s rows with ids from {@code from}; checks it has as many rows as were counted. */
    private static Iterator<Tuple2<Row, Long>> numbered(Iterator<Row> rows, int p, long from, long to) {
        return new Iterator<>() {
            long next = from;

            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (more ? next >= to : next != to)
                    throw new IllegalStateException("partition " + p + " has " + (more ? "more" : "fewer") + " rows than the "
                            + (to - from) + " counted in it; no ids are given");
                return more;
            }

            @Override
            public Tuple2<Row, Long> next() {
                if (!hasNext()) throw new NoSuchElementException();
                return new Tuple2<>(rows.next(), next++);
            }
        };
    }
}
