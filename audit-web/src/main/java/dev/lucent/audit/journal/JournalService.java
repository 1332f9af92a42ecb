package dev.lucent.audit.journal;

import dev.lucent.audit.api.CheckedEntry;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.ReportJournal;
import dev.lucent.audit.api.SignOff;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The instance's journal as a service: the {@link FileJournal} in the host's data folder (framework
 * property {@code lucent.data}), opened when first used, so the key pair is created on the first start
 * that needs it; the private key where {@code lucent.signing.key} (the host's {@code --signing-key}) or the
 * keys folder says, never in the data folder. If the journal cannot be opened (e.g. its key file was made readable by others) the
 * service does not activate and the reason is logged by DS.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = ReportJournal.class)
public final class JournalService implements ReportJournal {
    private final FileJournal journal;

    @Activate
    public JournalService(BundleContext context) {
        String data = context.getProperty("lucent.data");
        try {
            journal = FileJournal.open(Path.of(data == null ? "lucent-data" : data),
                    InstanceKey.Place.of(context.getProperty(InstanceKey.Place.FILE_PROPERTY),
                            context.getProperty(InstanceKey.Place.FOLDER_PROPERTY)), Clock.systemUTC());
        } catch (JournalException e) {
            throw new IllegalStateException("the report journal cannot be opened: " + e.getMessage(), e);
        }
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
    public JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision, String comment,
                                String requestKey, SignOff.Card card) throws JournalException {
        return journal.signOff(reportId, reviewer, role, decision, comment, requestKey, card);
    }

    @Override
    public java.util.Optional<JournalEntry> signOffWithKey(String reportId, String reviewer, String requestKey) throws JournalException {
        return journal.signOffWithKey(reportId, reviewer, requestKey);
    }

    @Override
    public List<JournalEntry> entries() throws JournalException {
        return journal.entries();
    }

    @Override
    public List<CheckedEntry> checkedEntries() throws JournalException {
        return journal.checkedEntries();
    }

    @Override
    public Optional<JournalEntry> entry(String id) throws JournalException {
        return journal.entry(id);
    }

    @Override
    public String problem(JournalEntry entry) throws JournalException {
        return journal.problem(entry);
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
