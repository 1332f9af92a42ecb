package dev.lucent.spark;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.report.ReportExports;
import dev.lucent.audit.runner.AuditInputs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class dev.lucent.spark.SparkAuditMain lucent-spark.jar audit ...}, or run embedded on
 * {@code local[*]} when no master is given. Exit codes as {@code lucent.jar audit}: 0 no FAIL, 1 a FAIL, 2 bad input
 * (a malformed row included; no report is written), 3 the job failed.
 */
public final class SparkAuditMain {
    private SparkAuditMain() {
    }

    public static void main(String[] args) {
        // Netty's direct buffers on Java 17, as Spark's own launcher sets it
        if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        SparkAuditOptions o;
        try {
            o = SparkAuditOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lucent-spark: " + e.getMessage());
            return 2;
        }
        SparkConf conf = new SparkConf().setAppName("Lucent audit of " + o.model().getFileName());
        if (o.master() != null) conf.setMaster(o.master());
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]"); // spark-submit sets it; alone, run embedded
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            return audit(spark, o, out, err);
        } finally {
            spark.stop();
        }
    }

    /** Runs the audit on {@code spark} and writes the report; the exit code. */
    static int audit(SparkSession spark, SparkAuditOptions o, PrintStream out, PrintStream err) {
        AuditReport report;
        try {
            report = SparkAudit.run(spark, o);
        } catch (SparkAudit.BadInput e) {
            err.println("lucent-spark: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            // Spark's message of a failed job is the task's failure on its first line, then the stack traces
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            err.println("lucent-spark: the audit job failed, no report written: " + AuditInputs.oneLine(first));
            return 3;
        }
        ReportExports exports = new ReportExports();
        try {
            write(o.json(), exports.render(ReportExports.Format.JSON, report, null, null));
            if (o.out() != null) write(o.out(), exports.render(ReportExports.Format.HTML, report, null, null));
        } catch (IOException e) {
            err.println("lucent-spark: cannot write the report: " + e.getMessage());
            return 2;
        }
        out.println("lucent-spark: report " + report.id() + " sealed (" + report.reportHash() + ") to " + o.json()
                + "; append it to a journal with: java -jar lucent.jar import-report " + o.json());
        return report.passed() ? 0 : 1;
    }

    /** Written whole or not at all: a reader never sees half a report. */
    private static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".lucent-spark", ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
