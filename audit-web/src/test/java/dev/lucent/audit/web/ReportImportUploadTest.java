package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.journal.FileJournal;
import dev.lucent.audit.report.JournalReportStore;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.audit.web.upload.UploadStore;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's report upload (/reports/import): a sealed report written elsewhere is appended to the real journal
 * once, by the path {@code lucent import-report} takes; a tampered, cut, duplicate, oversized or non-JSON upload is
 * refused with one line naming the problem, appends nothing and leaves no file behind.
 */
class ReportImportUploadTest {
    @TempDir
    Path data;

    static AuditReport report(String id, Verdict.Outcome outcome) {
        Instant finished = Instant.parse("2026-12-07T10:00:00Z");
        Provenance p = new Provenance("model.onnx", "ab".repeat(32), "hdfs:///rows.parquet", null, null, null, "label",
                "every row", 42, Map.of("classification-metrics", "1.0.0 (on Spark)"), Map.of(), "0.1.0", finished.minusSeconds(60), finished,
                Map.of("runner", "Apache Spark 4.0.1", "rows", "10000000"));
        List<ExplainerRun> runs = List.of(new ExplainerRun(new ExplainerRef("classification-metrics", "Classification metrics", "1.0.0",
                "performance", null, null), ExplainerRun.Status.OK, List.of(new Verdict("Accuracy above the bar", Stage.VALIDATION, outcome,
                "accuracy 0.61, the bar is 0.90", List.of("accuracy 0.61"), "retrain")), 12));
        return ReportJson.seal(id, "Audit of " + id + " (Spark)", "mlp", p, runs);
    }

    static ReportImportServlet.Outcome upload(UploadStore uploads, JournalReportStore store, String name, byte[] content) throws Exception {
        String boundary = "----lucentTest" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/json\r\n\r\n", tail = "\r\n--" + boundary + "--\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8), t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, body, 0, h.length);
        System.arraycopy(content, 0, body, h.length, content.length);
        System.arraycopy(t, 0, body, h.length + content.length, t.length);
        return ReportImportServlet.receive(uploads, store, "multipart/form-data; boundary=" + boundary, body.length,
                new ByteArrayInputStream(body), "ada");
    }

    @Test
    void aSealedReportIsAppendedOnceAndEveryBadUploadIsRefused() throws Exception {
        FileJournal journal = FileJournal.open(data, Clock.systemUTC());
        JournalReportStore store = new JournalReportStore(journal);
        UploadStore uploads = new UploadStore(data, 64 * 1024);
        AuditReport good = report("from-spark", Verdict.Outcome.PASS);
        byte[] json = ReportJson.export(good, null).getBytes(StandardCharsets.UTF_8);

        ReportImportServlet.Outcome ok = upload(uploads, store, "report.json", json);
        assertNull(ok.problem());
        assertEquals("from-spark", ok.reportId());
        assertEquals(1, journal.entries().size());
        assertTrue(journal.verify().valid());
        assertEquals(good.reportHash(), store.find("from-spark").orElseThrow().reportHash());

        AuditReport failing = report("tampered", Verdict.Outcome.FAIL);
        String other = ReportJson.export(failing, null);
        Map<String, byte[]> bad = Map.of(
                "again.json", json, // the same report twice
                "tampered.json", other.replace("\"FAIL\"", "\"PASS\"").getBytes(StandardCharsets.UTF_8), // hashes left as they were
                "cut.json", other.substring(0, other.length() / 2).getBytes(StandardCharsets.UTF_8),
                "huge.json", new byte[100 * 1024],
                "report.html", json);
        Map<String, String> said = Map.of("again.json", "'again.json': report from-spark is already in the journal; nothing was appended",
                "tampered.json", "hash mismatch", "cut.json", "'cut.json': refused, the report's seal does not hold",
                "huge.json", "the upload has", "report.html", "'report.html' is not a .json file");
        Map<String, Integer> status = Map.of("again.json", 422, "tampered.json", 422, "cut.json", 422, "huge.json", 413, "report.html", 415);
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            ReportImportServlet.Outcome o = upload(uploads, store, e.getKey(), e.getValue());
            assertNull(o.reportId(), e.getKey());
            assertEquals(status.get(e.getKey()), o.status(), e.getKey() + ": " + o.problem());
            assertTrue(o.problem().contains(said.get(e.getKey())), e.getKey() + ": " + o.problem());
            assertEquals(1, o.problem().lines().count(), o.problem());
        }
        assertEquals(1, journal.entries().size(), "nothing more was appended");
        assertTrue(journal.verify().valid());
        try (var left = Files.walk(data.resolve("uploads"))) { // no uploaded file is kept, whatever came of it
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
        }
    }
}
