package dev.lucent.audit.journal;

import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code lucent verify [--data DIR] [--key PUBLIC.pem]}: checks the whole report journal and every signature,
 * naming the first bad entry. With {@code --key} the journal is checked against a public key kept elsewhere
 * (e.g. from an earlier export) rather than the key file beside the journal, which whoever can rewrite the
 * journal could also replace. Exit 0 valid, 1 invalid, 2 bad usage or no journal. Reads only.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=verify")
public final class JournalVerifyCommand implements HeadlessCommand {
    private final Path defaultData;

    @Activate
    public JournalVerifyCommand(BundleContext context) {
        String data = context.getProperty("lucent.data");
        this.defaultData = Path.of(data == null ? "lucent-data" : data);
    }

    public JournalVerifyCommand(Path defaultData) {
        this.defaultData = defaultData;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        Path data = defaultData;
        Path keyFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--data") || a.equals("--key")) && i + 1 >= args.length) {
                err.println("lucent verify: option " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--data" -> data = Path.of(args[++i]);
                case "--key" -> keyFile = Path.of(args[++i]);
                default -> {
                    err.println("lucent verify: unknown argument '" + printable(a) + "' (usage: verify [--data DIR] [--key PUBLIC.pem])");
                    return 2;
                }
            }
        }
        try {
            JournalVerification v;
            if (keyFile != null) {
                PublicKey trusted = FileJournal.publicKeyFromPem(Files.readString(keyFile));
                Path dir = data.resolve("journal");
                if (!Files.isDirectory(dir)) throw new JournalException("no journal in " + data);
                v = JournalVerifier.verify(dir.resolve(FileJournal.JOURNAL_FILE), dir.resolve(FileJournal.HEAD_FILE), trusted,
                        FileJournal.MAX_ENTRY_BYTES).result();
            } else {
                v = FileJournal.verifyFolder(data);
            }
            out.println(v.summary());
            for (String note : v.notes()) out.println("note: " + note);
            return v.valid() ? 0 : 1;
        } catch (JournalException e) {
            err.println("lucent verify: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("lucent verify: cannot read " + keyFile + ": " + e.getMessage());
            return 2;
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 60); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
