package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition that fails: Spark retries it ({@code local[N,F]} sets spark.task.maxFailures to F) and the report is the
 * clean run's; one that fails on every attempt ends the job with no report file and a message naming the failure.
 * The failures are injected by explainers that count as {@link CountsAndLoss} and throw in chosen task attempts.
 */
class PartialRunTest {
    static final String EXPLAINERS = "test-counts,saliency,classification-metrics";

    @TempDir
    static Path dir;
    static Path model, data;

    @BeforeAll
    static void fixtures() throws Exception {
        model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        data = dir.resolve("rows.csv");
        BreastCancerRows.write(data, 3000, 3);
    }

    @AfterAll
    static void stop() {
        SparkAuditTest.stopSession();
    }

    /** CountsAndLoss whose partition 1 fails in its first attempt, as a lost executor or a full disk would. */
    public static final class FailsOnce extends Injected {
        @Override
        boolean fails(TaskContext task) {
            return task.partitionId() == 1 && task.attemptNumber() == 0;
        }
    }

    /** CountsAndLoss whose partition 1 fails in every attempt. */
    public static final class AlwaysFails extends Injected {
        @Override
        boolean fails(TaskContext task) {
            return task.partitionId() == 1;
        }
    }

    abstract static class Injected implements PartitionedExplainer<CountsAndLoss.Summary> {
        private final CountsAndLoss counts = new CountsAndLoss();

        abstract boolean fails(TaskContext task);

        @Override
        public ExplainerInfo info() {
            return counts.info();
        }

        @Override
        public CountsAndLoss.Summary emptySummary(AuditContext context) {
            return counts.emptySummary(context);
        }

        @Override
        public CountsAndLoss.Summary summarize(AuditContext context, RowBlock block) {
            TaskContext task = TaskContext.get();
            if (task != null && fails(task))
                throw new IllegalStateException("injected failure in partition " + task.partitionId() + ", attempt " + task.attemptNumber());
            return counts.summarize(context, block);
        }

        @Override
        public CountsAndLoss.Summary merge(CountsAndLoss.Summary a, CountsAndLoss.Summary b) {
            return counts.merge(a, b);
        }

        @Override
        public List<Finding> findings(AuditContext context, CountsAndLoss.Summary s) {
            return counts.findings(context, s);
        }
    }

    /** The audit with {@code explainer} as test-counts, over 3 partitions. */
    private static SparkAuditOptions options(Class<?> explainer, String json) {
        return SparkAuditOptions.parse(new String[] {"audit", "--model", model.toString(), "--data", data.toString(), "--label",
                BreastCancerRows.LABEL, "--explainers", EXPLAINERS, "--explainer-class", explainer.getName(), "--rows", "20",
                "--partitions", "3", "--seed", Long.toString(SparkAuditTest.SEED), "--json", dir.resolve(json).toString()});
    }

    @Test
    void aPartitionThatFailsOnceIsRetriedAndTheReportIsTheCleanOne() throws Exception {
        AuditReport clean = SparkAuditTest.audit("local[2,2]", options(CountsAndLoss.class, "clean.json"));
        AuditReport retried = SparkAuditTest.audit("local[2,2]", options(FailsOnce.class, "retried.json"));
        assertEquals("3000", retried.provenance().machine().get("rows"));
        assertEquals(ReportJson.findingsCanonical(clean.runs()), ReportJson.findingsCanonical(retried.runs()));
        assertEquals(clean.findingsHash(), retried.findingsHash());
    }

    @Test
    void aPartitionThatAlwaysFailsEndsTheJobWithNoReport() throws Exception {
        SparkAuditOptions o = options(AlwaysFails.class, "failed.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkAuditMain.audit(SparkAuditTest.session("local[2,2]"), o, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        String message = err.toString();
        assertEquals(3, code, message);
        assertTrue(message.contains("no report written") && message.contains("injected failure in partition 1"), message);
        assertEquals(1, message.strip().lines().count(), message);
        assertFalse(Files.exists(o.json()));
        try (var files = Files.list(dir)) { // nor half a file
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".lucent-spark")), "a partial report file was left");
        }
    }
}
