package dev.lucent.audit.web;

import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.ReportJournal;
import dev.lucent.audit.api.SignOff;
import dev.lucent.audit.journal.FileJournal;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The one {@link ReportJournal} of this instance as a service, so the console (and whoever else appends
 * reports in this JVM) share a single {@link FileJournal} on {@code <data>/journal}: two instances on one
 * folder would each chain from their own idea of the last entry.
 */
@Component(service = ReportJournal.class)
public final class ConsoleJournal implements ReportJournal {

    private final FileJournal journal;

    @Activate
    public ConsoleJournal(BundleContext context) throws JournalException {
        this(Path.of(Optional.ofNullable(context.getProperty("lucent.data")).orElse("lucent-data")).toAbsolutePath().normalize());
    }

    ConsoleJournal(Path data) throws JournalException {
        this.journal = FileJournal.open(data, Clock.systemUTC());
    }

    @Override
    public JournalEntry appendReport(String reportId, byte[] report) throws JournalException {
        return journal.appendReport(reportId, report);
    }

    @Override
    public JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision, String comment)
            throws JournalException {
        return journal.signOff(reportId, reviewer, role, decision, comment);
    }

    @Override
    public List<JournalEntry> entries() throws JournalException {
        return journal.entries();
    }

    @Override
    public List<SignOff> signOffs(String reportId) throws JournalException {
        return journal.signOffs(reportId);
    }

    @Override
    public JournalVerification verify() throws JournalException {
        return journal.verify();
    }

    @Override
    public JournalVerification verify(PublicKey trusted) throws JournalException {
        return journal.verify(trusted);
    }

    @Override
    public String publicKeyPem() {
        return journal.publicKeyPem();
    }

    @Override
    public String keyFingerprint() {
        return journal.keyFingerprint();
    }
}
