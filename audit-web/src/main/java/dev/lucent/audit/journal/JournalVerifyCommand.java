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
 * {@code lucent verify [--data DIR] [--key PUBLIC.pem] [--since COUNT:HASH]}: checks the whole report journal and
 * every signature, naming the first bad entry, and prints its head ({@code COUNT:HASH}). With {@code --key} the
 * journal is checked against a public key kept elsewhere (e.g. from an earlier export) rather than the key file
 * beside the journal, which whoever can rewrite the journal could also replace. With {@code --since} it also
 * checks that a head seen earlier (printed by an earlier verify, audit or export) is still a prefix of the
 * journal, which catches a rollback or a wipe that the chain and the signed head cannot. Exit 0 valid, 1
 * invalid, 2 bad usage or no journal. Reads only.
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
        String since = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--data") || a.equals("--key") || a.equals("--since")) && i + 1 >= args.length) {
                err.println("lucent verify: option " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--data" -> data = Path.of(args[++i]);
                case "--key" -> keyFile = Path.of(args[++i]);
                case "--since" -> since = args[++i];
                default -> {
                    err.println("lucent verify: unknown argument '" + printable(a) + "' (" + USAGE + ")");
                    return 2;
                }
            }
        }
        long sinceCount = -1;
        String sinceHash = null;
        if (since != null) {
            int colon = since.indexOf(':');
            String n = colon < 0 ? "" : since.substring(0, colon);
            sinceHash = colon < 0 ? "" : since.substring(colon + 1);
            if (!n.matches("0|[1-9][0-9]{0,17}") || !Hex.isSha256(sinceHash)) {
                err.println("lucent verify: --since takes a head COUNT:HASH as printed by verify, audit or an export"
                        + " (64 lower-case hex digits), got '" + printable(since) + "'");
                return 2;
            }
            sinceCount = Long.parseLong(n);
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
            if (v.valid()) out.println(head(v.entries(), v.lastHash()));
            if (since != null) {
                String problem = JournalVerifier.checkExtends(data.resolve("journal").resolve(FileJournal.JOURNAL_FILE), sinceCount,
                        sinceHash, v.entries(), FileJournal.MAX_ENTRY_BYTES);
                if (problem != null) {
                    out.println("journal does NOT extend the head " + since + ": " + problem);
                    return 1;
                }
                out.println("journal extends the head " + since);
            }
            return v.valid() ? 0 : 1;
        } catch (JournalException e) {
            err.println("lucent verify: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("lucent verify: cannot read " + keyFile + ": " + e.getMessage());
            return 2;
        }
    }

    static final String USAGE = "usage: verify [--data DIR] [--key PUBLIC.pem] [--since COUNT:HASH]";

    /** The line that tells a user the head to keep, in the form {@code --since} takes. */
    public static String head(long entries, String lastHash) {
        return "journal head " + entries + ":" + lastHash + " (keep it; later: lucent verify --since " + entries + ":" + lastHash + ")";
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
