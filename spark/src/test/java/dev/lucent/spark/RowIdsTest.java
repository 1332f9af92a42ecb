package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Row ids from the counted partitions are the ids Spark's own {@code zipWithIndex} gives the same rows, on a folder
 * of two CSV files split into many partitions, with blank lines (which Spark skips) and a malformed line (which it
 * keeps as a row): the partitions of the scan that reads no column hold the same rows as the scan of every column.
 */
class RowIdsTest {
    @TempDir
    static Path dir;

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    @Test
    void idsAreZipWithIndexsOnManyPartitionsWithBlankAndMalformedLines() throws Exception {
        Path data = Files.createDirectories(dir.resolve("rows"));
        BreastCancerRows.write(data.resolve("a.csv"), 700, 5);
        BreastCancerRows.write(data.resolve("b.csv"), 400, 6);
        List<String> a = Files.readAllLines(data.resolve("a.csv"));
        a.add(100, "");
        a.add(301, "");
        a.add(302, "");
        a.set(500, "1.5,not a number," + a.get(500).substring(a.get(500).indexOf(',', a.get(500).indexOf(',') + 1) + 1));
        Files.write(data.resolve("a.csv"), a);

        SparkSession spark = SparkAuditTest.session("local[2]");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "65536");
        spark.conf().set("spark.sql.files.openCostInBytes", "0");
        try {
            Dataset<Row> df = SparkAudit.read(spark, SparkAuditOptions.parse(new String[] {"audit", "--model", "m.lucent", "--data",
                    data.toString(), "--label", BreastCancerRows.LABEL, "--json", "r.json"}));
            List<Tuple2<Row, Long>> counted = RowIds.index(df).collect();
            List<Tuple2<Row, Long>> zipped = df.javaRDD().zipWithIndex().collect();
            assertTrue(df.javaRDD().getNumPartitions() > 4, "partitions: " + df.javaRDD().getNumPartitions());
            assertEquals(1100, zipped.size());
            assertEquals(zipped, counted);
            assertTrue(counted.stream().anyMatch(t -> !t._1().isNullAt(t._1().fieldIndex(SparkAudit.MALFORMED))), "the malformed line is a row");
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
    }
}
