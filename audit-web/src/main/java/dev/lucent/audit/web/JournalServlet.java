package dev.lucent.audit.web;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.Replay;
import dev.lucent.audit.web.upload.UploadStore;
import dev.lucent.audit.api.CheckedEntry;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.report.ReportExports;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.ReportJournal;
import dev.lucent.audit.api.SignOff;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The signed journal in the console: {@code /journal} (the instance key, every entry, verify),
 * {@code /reports} (the reports it holds, with their sign-offs) and {@code /reports/<id>} (one report's
 * entry, its sign-offs, the sign-off form and the stored report for download). A sign-off is appended as its
 * own signed entry; nothing is ever edited.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/journal",
        "osgi.http.whiteboard.servlet.pattern=/journal/verify",
        "osgi.http.whiteboard.servlet.pattern=/reports",
        "osgi.http.whiteboard.servlet.pattern=/reports/*",
        "osgi.http.whiteboard.servlet.pattern=/report.css",
        "osgi.http.whiteboard.servlet.name=lucent-journal"})
public final class JournalServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** A journal entry as the journal page lists it. */
    public record EntryRow(long index, String type, String id, String reference, String time, String hash, String previous,
                           int bytes, String problem) {
    }

    /** A report in the reports list. */
    public record ReportRow(String id, String title, String time, String hash, int bytes, int signOffs, String lastDecision,
                            int pass, int warn, int fail, int error, int notApplicable, String subtitle, String problem) {
        /** Whether the runner could read it as a report (else the verdict counts are unknown). */
        public boolean readable() {
            return pass >= 0;
        }
    }

    /** A sign-off as shown under its report. */
    public record SignOffRow(String reviewer, String role, String decision, String comment, String time, String reportHash,
                             String intendedUse, String limitations) {
    }

    /** The outcome of a verification. */
    public record Check(boolean valid, String summary, long entries, List<String> notes) {
    }

    static final int MAX_COMMENT = 4000;

    private final transient Console console;
    private final transient ReportJournal journal;
    /** One sign-off checked and stored at a time, so two copies of one form cannot both be stored. */
    private final transient Object signOffLock = new Object();
    private static final java.util.regex.Pattern SIGN_OFF_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9-]{8,64}");
    private final transient ReportStore store;
    private final transient AuditRunner runner;
    private final transient Jobs jobs;
    private final transient UploadStore uploads;
    private final transient RenderGate pdfRenders = RenderGate.forThisMachine();
    private final transient SeenHeads seenHeads;
    private final transient ReportExports exports;

    @Activate
    public JournalServlet(@Reference Console console, @Reference ReportJournal journal, @Reference ReportStore store,
                          @Reference AuditRunner runner, @Reference Jobs jobs, @Reference UploadStore uploads,
                          @Reference SeenHeads seenHeads, @Reference ReportExports exports) {
        this.console = console;
        this.exports = exports;
        this.seenHeads = seenHeads;
        this.journal = journal;
        this.store = store;
        this.runner = runner;
        this.jobs = jobs;
        this.uploads = uploads;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String info = req.getPathInfo();
            if (req.getServletPath().equals("/report.css")) {
                byte[] css = ReportExports.css().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                resp.setContentType("text/css;charset=UTF-8");
                resp.setContentLength(css.length);
                resp.getOutputStream().write(css);
            } else if (req.getServletPath().equals("/journal")) journalPage(req, resp, HttpServletResponse.SC_OK, null);
            else if (info == null || info.equals("/")) reportsPage(req, resp);
            else report(req, resp);
        } catch (JournalException e) {
            trouble(req, resp, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (req.getServletPath().equals("/journal/verify")) {
                JournalVerification v = journal.verify();
                journalPage(req, resp, HttpServletResponse.SC_OK, new Check(v.valid(), v.summary(), v.entries(), v.notes()));
                return;
            }
            String info = Optional.ofNullable(req.getPathInfo()).orElse("");
            if (req.getServletPath().equals("/reports") && info.endsWith("/replay")) {
                replay(req, resp, info.substring(1, info.length() - "/replay".length()));
                return;
            }
            if (req.getServletPath().equals("/reports") && info.endsWith("/signoff")) {
                signOff(req, resp, info.substring(1, info.length() - "/signoff".length()));
                return;
            }
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        } catch (JournalException e) {
            trouble(req, resp, e);
        }
    }

    private void trouble(HttpServletRequest req, HttpServletResponse resp, JournalException e) throws IOException {
        console.render(req, resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "journal-error", "journal",
                Map.of("problem", String.valueOf(e.getMessage())));
    }

    private void journalPage(HttpServletRequest req, HttpServletResponse resp, int status, Check check)
            throws IOException, JournalException {
        List<EntryRow> rows = new ArrayList<>();
        String problem = null;
        try {
            for (CheckedEntry e : journal.checkedEntries())
                rows.add(e.type() == null
                        ? new EntryRow(e.index(), "malformed", String.valueOf(e.id()), null, "", "-", "-", 0, e.problem())
                        : new EntryRow(e.index(), e.type().token(), e.id(), e.reference(), SettingsServlet.TIME.format(e.time()),
                                e.hash(), e.previousHash(), e.payloadBytes(), e.problem()));
        } catch (JournalException e) {
            // a damaged journal still shows its key and what verify says about it
            problem = e.getMessage();
        }
        Map<String, Object> model = new HashMap<>();
        if (problem == null) model.put("seenHead", seenHead(Console.userName(req), rows));
        java.util.Collections.reverse(rows);
        model.put("entries", rows);
        model.put("fingerprint", journal.keyFingerprint());
        model.put("publicKey", journal.publicKeyPem());
        model.put("check", check);
        model.put("problem", problem);
        console.render(req, resp, status, "journal", "journal", model);
    }

    /** What the journal page's "your last look" fragment shows: the head last seen, whether it is still a prefix, the head now. */
    public record SeenHead(String last, boolean extended, String now) {
    }

    /** Compares the user's last seen head with the entries (in order), and records the head now if it extends it. */
    private SeenHead seenHead(String user, List<EntryRow> inOrder) {
        if (user == null) return null;
        SeenHeads.Head now = new SeenHeads.Head(inOrder.size(), inOrder.isEmpty() ? "0".repeat(64) : inOrder.get(inOrder.size() - 1).hash());
        SeenHeads.Head last = seenHeads.lastSeen(user);
        boolean extended = last == null || last.count() == 0
                || last.count() <= inOrder.size() && inOrder.get((int) last.count() - 1).hash().equals(last.hash());
        try {
            if (extended) seenHeads.saw(user, now); // a head that is no longer a prefix stays, so the warning does too
        } catch (IOException e) {
            // the page still shows the comparison; only the record for the next visit is missing
            System.err.println("lucent: cannot record the journal head " + user + " saw: " + e.getMessage());
        }
        return new SeenHead(last == null ? null : last.toString(), extended, now.toString());
    }

    /** The reports in the journal, newest first, with their verdict counts and the latest decision of each. */
    List<ReportRow> reports() throws JournalException {
        List<CheckedEntry> all = journal.checkedEntries();
        Map<String, ReportStore.StoredReport> summaries = new HashMap<>();
        for (ReportStore.StoredReport r : store.list()) summaries.put(r.id(), r);
        java.util.Set<String> signedOff = new java.util.HashSet<>();
        for (CheckedEntry e : all) if (e.type() == JournalEntryType.SIGN_OFF) signedOff.add(e.reference());
        List<ReportRow> rows = new ArrayList<>();
        for (CheckedEntry e : all) {
            if (e.type() != JournalEntryType.REPORT) continue;
            List<SignOff> s = signedOff.contains(e.id()) ? journal.signOffs(e.id()) : List.of();
            rows.add(row(e.id(), e.time(), e.hash(), e.payloadBytes(), e.problem(), summaries.get(e.id()), s));
        }
        java.util.Collections.reverse(rows);
        return rows;
    }

    static ReportRow row(String id, java.time.Instant time, String hash, int bytes, String problem, ReportStore.StoredReport summary,
                         List<SignOff> s) {
        String decision = s.isEmpty() ? null : s.get(s.size() - 1).decision().token();
        String when = SettingsServlet.TIME.format(time);
        if (summary == null) return new ReportRow(id, id, when, hash, bytes, s.size(), decision, -1, -1, -1, -1, -1, null, problem);
        return new ReportRow(id, summary.title(), when, hash, bytes, s.size(), decision, summary.pass(), summary.warn(),
                summary.fail(), summary.error(), summary.notApplicable(), summary.subtitle(), problem);
    }

    private void reportsPage(HttpServletRequest req, HttpServletResponse resp) throws IOException, JournalException {
        console.render(req, resp, "reports", "reports", Map.of("reports", reports()));
    }

    /** The report's entry, read on its own through the journal's index (never a scan of the whole journal). */
    private Optional<JournalEntry> reportEntry(String id) throws JournalException {
        return journal.entry(id).filter(e -> e.type() == JournalEntryType.REPORT);
    }

    private void report(HttpServletRequest req, HttpServletResponse resp) throws IOException, JournalException {
        String info = Optional.ofNullable(req.getPathInfo()).orElse("/");
        String id = info.substring(1);
        String export = null;
        List<String> suffixes = new ArrayList<>(List.of("stored"));
        for (ReportExports.Format f : ReportExports.Format.values()) suffixes.add(f.path());
        for (String suffix : suffixes)
            if (info.endsWith("/" + suffix)) {
                export = suffix;
                id = info.substring(1, info.length() - suffix.length() - 1);
            }
        Optional<JournalEntry> entry = reportEntry(id);
        if (entry.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (export == null) {
            renderReport(req, resp, HttpServletResponse.SC_OK, entry.get(), null, null);
            return;
        }
        byte[] body;
        String type, name = "lucent-report-" + entry.get().index();
        // every export (and the stored bytes) of a report the journal does not vouch for says so, first
        String notGenuine = journal.problem(entry.get());
        if (notGenuine != null) resp.setHeader("X-Lucent-Not-Genuine", oneLine(notGenuine));
        if (export.equals("stored")) {
            body = entry.get().payload();
            boolean json = body.length > 0 && (body[0] == '{' || body[0] == '[');
            type = json ? "application/json" : "application/octet-stream";
            name += json ? ".json" : ".bin";
        } else {
            Optional<AuditReport> report = parsed(entry.get());
            if (report.isEmpty()) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            ReportExports.Format format = ReportExports.Format.ofPath(export);
            ReportStore.StoredReport stored = summary(entry.get());
            if (format == ReportExports.Format.PDF) { // PDFs are rendered a few at a time: the rest are told to come back
                Optional<byte[]> pdf = pdfRenders.render(() -> exports.render(format, report.get(), stored, notGenuine));
                if (pdf.isEmpty()) {
                    resp.setHeader("Retry-After", "10");
                    resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                            "Other PDF exports are being rendered right now; try again in a few seconds.");
                    return;
                }
                body = pdf.get();
            } else {
                body = exports.render(format, report.get(), stored, notGenuine, journal.signOffs(id));
            }
            type = format.mediaType();
            name += format.suffix();
        }
        resp.setContentType(type);
        // exports are files to keep, never pages rendered in the console's origin
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private Optional<AuditReport> parsed(JournalEntry e) throws JournalException {
        try {
            return store.find(e.id());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The report's summary with its journal check; the exports that show the signature take it. */
    private ReportStore.StoredReport summary(JournalEntry e) throws JournalException {
        return store.stored(e.id()).orElse(null);
    }

    /** A header value: printable ASCII only, the reason shortened. */
    static String oneLine(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    private void renderReport(HttpServletRequest req, HttpServletResponse resp, int status, JournalEntry e, String error,
                              String done) throws IOException, JournalException {
        renderReport(req, resp, status, e, error, done, null);
    }

    /**
     * The report page; {@code signOffError} is shown in the sign-off form, where the reviewer is looking, and the form
     * keeps what they typed ({@code typed}, the request, or null).
     */
    private void renderReport(HttpServletRequest req, HttpServletResponse resp, int status, JournalEntry e, String error,
                              String done, String signOffError) throws IOException, JournalException {
        List<SignOffRow> rows = journal.signOffs(e.id()).stream()
                .map(s -> new SignOffRow(s.reviewer(), s.role(), s.decision().token(), s.comment(),
                        SettingsServlet.TIME.format(s.time()), s.reportHash(), s.card().intendedUse(), s.card().limitations())).toList();
        Map<String, Object> model = new HashMap<>();
        Optional<AuditReport> parsed = parsed(e);
        String notGenuine = journal.problem(e); // checked as read: a tampered report never shows as passed
        model.put("report", row(e.id(), e.time(), e.hash(), e.payload().length, notGenuine, parsed.isPresent() ? summary(e) : null,
                journal.signOffs(e.id())));
        // the same view and fragments as the HTML and PDF exports
        model.put("view", parsed.map(r -> exports.view(r, notGenuine)).orElse(null));
        // said instead of a Replay button that cannot work (an imported Spark report, files the console does not hold)
        model.put("replayNote", parsed.map(r -> ReplayNote.of(r, filesHeld(r.provenance()))).orElse(null));
        model.put("entry", new EntryRow(e.index(), e.type().token(), e.id(), e.reference(), SettingsServlet.TIME.format(e.time()),
                e.hash(), e.previousHash(), e.payload().length, notGenuine));
        model.put("signature", e.signature());
        // a new key for each form shown: a retried POST of the same form is recognised, a new decision is not
        model.put("signOffKey", java.util.UUID.randomUUID().toString());
        model.put("signOffs", rows);
        model.put("decisions", List.of(SignOff.Decision.values()).stream().map(SignOff.Decision::token).toList());
        model.put("error", error);
        model.put("done", done);
        model.put("signOffError", signOffError);
        Map<String, String> typed = new HashMap<>();
        for (String field : List.of("decision", "comment", "intendedUse", "limitations"))
            typed.put(field, signOffError == null ? "" : Optional.ofNullable(req.getParameter(field)).orElse(""));
        model.put("typed", typed);
        console.render(req, resp, status, "report", "reports", model);
    }

    /**
     * Re-runs a stored audit with its own seed, explainers and parameters on the same files (their SHA-256
     * checked first) and compares the findings hashes. Only files in this instance's data folder are read.
     */
    private void replay(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException, JournalException {
        Optional<JournalEntry> entry = reportEntry(id);
        Optional<AuditReport> original = entry.isEmpty() ? Optional.empty() : parsed(entry.get());
        if (original.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        dev.lucent.audit.api.Provenance p = original.get().provenance();
        // provenance names the files; the console's own are uploads under generated names it can find again
        Optional<java.nio.file.Path> model = held(UploadStore.Kind.MODEL, p.modelFile());
        Optional<java.nio.file.Path> data = held(UploadStore.Kind.DATASET, p.dataFile());
        Optional<java.nio.file.Path> test = p.testFile() == null ? Optional.empty() : held(UploadStore.Kind.DATASET, p.testFile());
        Optional<java.nio.file.Path> current = p.currentFile() == null ? Optional.empty() : held(UploadStore.Kind.DATASET, p.currentFile());
        String cannot = ReplayNote.of(original.get(), filesHeld(p));
        if (cannot != null) {
            renderReport(req, resp, HttpServletResponse.SC_BAD_REQUEST, entry.get(), cannot, null);
            return;
        }
        AuditRequest request = new AuditRequest(model.get(), data.get(), p.labelColumn(), test.orElse(null),
                original.get().runs().stream().map(r -> r.explainerId()).toList(), p.seed(), p.parameters(),
                AuditRequest.DEFAULT_TIME_LIMIT, AuditRequest.SIZED_MEMORY, p.modelDisplayName(), p.dataDisplayName(),
                p.testDisplayName(), null, current.orElse(null), p.currentDisplayName(), null);
        Job job = jobs.submit("audit", "Replay of " + original.get().title(), Console.userName(req), j -> {
            AuditProgress progress = new AuditProgress() {
                @Override
                public void update(Event e) {
                    double f = e.total() == 0 ? 0 : (e.index() + Math.min(1, Math.max(0, e.fraction()))) / e.total();
                    j.running(f, (e.explainerId() == null ? "" : e.explainerId() + ": ") + (e.message() == null ? "" : e.message()));
                }

                @Override
                public boolean cancelled() {
                    return j.cancelRequested();
                }
            };
            try {
                Replay r = runner.replay(original.get(), request, progress);
                j.part("findings hash of the stored report", "done", 1, r.originalFindingsHash());
                j.part("findings hash of the replay", r.identical() ? "done" : "failed", 1, r.replayFindingsHash());
                if (r.identical()) j.finish(Job.State.DONE, "replayed: identical findings, bit for bit", "/reports/" + id);
                else j.finish(Job.State.FAILED, "replayed: the findings differ from the stored report", null);
            } catch (AuditException e) {
                j.finish(Job.State.FAILED, "cannot replay: " + e.getMessage(), null);
            } catch (java.util.concurrent.CancellationException e) {
                j.finish(Job.State.CANCELLED, "cancelled", null);
            }
        });
        Console.seeOther(resp, "/jobs/" + job.id());
    }

    /** The upload a provenance file name refers to: {@code <generated id>.<ext>}, or nothing. */
    /** Whether the console holds every file the provenance names, so that a replay can read them. */
    private boolean filesHeld(dev.lucent.audit.api.Provenance p) {
        return held(UploadStore.Kind.MODEL, p.modelFile()).isPresent() && held(UploadStore.Kind.DATASET, p.dataFile()).isPresent()
                && (p.testFile() == null || held(UploadStore.Kind.DATASET, p.testFile()).isPresent())
                && (p.currentFile() == null || held(UploadStore.Kind.DATASET, p.currentFile()).isPresent());
    }

    private Optional<java.nio.file.Path> held(UploadStore.Kind kind, String fileName) {
        if (fileName == null) return Optional.empty();
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) return Optional.empty();
        // a zipped data set was audited as its unpacked folder
        return uploads.find(kind, fileName.substring(0, dot)).map(s -> s.file().getFileName().toString().equals(fileName) ? s.file()
                : s.dataPath().getFileName().toString().equals(fileName) ? s.dataPath() : null);
    }

    private void signOff(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException, JournalException {
        Optional<JournalEntry> entry = reportEntry(id);
        if (entry.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        SignOff.Decision decision = SignOff.Decision.ofToken(Optional.ofNullable(req.getParameter("decision")).orElse(""));
        String comment = Optional.ofNullable(req.getParameter("comment")).orElse("").strip();
        SignOff.Card card = new SignOff.Card(Optional.ofNullable(req.getParameter("intendedUse")).orElse("").strip(),
                Optional.ofNullable(req.getParameter("limitations")).orElse("").strip());
        String problem = decision == null ? "choose approve, reject or needs-changes"
                : comment.length() > MAX_COMMENT ? "a comment has at most " + MAX_COMMENT + " characters"
                : card.intendedUse().length() > MAX_COMMENT ? "the intended use has at most " + MAX_COMMENT + " characters"
                : card.limitations().length() > MAX_COMMENT ? "the limitations have at most " + MAX_COMMENT + " characters"
                : decision != SignOff.Decision.APPROVE && comment.isEmpty() ? "say why in the comment when you do not approve" : null;
        if (problem != null) {
            renderReport(req, resp, HttpServletResponse.SC_BAD_REQUEST, entry.get(), null, null, problem);
            return;
        }
        // the form's key: a retry of a POST that was stored but not answered finds its entry instead of adding one
        String key = Optional.ofNullable(req.getParameter("request")).map(String::strip).filter(k -> SIGN_OFF_KEY.matcher(k).matches()).orElse(null);
        String user = Console.userName(req);
        synchronized (signOffLock) {
            Optional<JournalEntry> stored = journal.signOffWithKey(id, user, key);
            if (stored.isPresent()) {
                renderReport(req, resp, HttpServletResponse.SC_OK, entry.get(), null,
                        "This sign-off was stored already, as journal entry " + stored.get().index() + "; nothing was added.");
                return;
            }
            // the reviewer is the signed-in user with their console role, never a name from the form
            journal.signOff(id, user, Console.role(req).label(), decision, comment, key, card);
        }
        renderReport(req, resp, HttpServletResponse.SC_OK, entry.get(), null, "Signed off: " + decision.token() + ".");
    }
}
