package dev.lucent.audit.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The journal head (entry count and last hash) each user last saw on the journal page, in
 * {@code <data>/console/seen-heads}: a rollback or a wipe re-signs a genuine older head, which the journal
 * itself cannot tell from the truth, but a user who saw more entries can. One line per user, {@code name COUNT:HASH}.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = SeenHeads.class)
public final class SeenHeads {

    /** A head as {@code lucent verify --since} takes it. */
    public record Head(long count, String hash) {
        @Override
        public String toString() {
            return count + ":" + hash;
        }
    }

    private final Path file;
    private final Map<String, Head> heads = new LinkedHashMap<>(); // guarded by this

    @Activate
    public SeenHeads(BundleContext context) {
        this(dev.lucent.audit.web.security.UserStore.dataFolder(context));
    }

    SeenHeads(Path data) {
        this.file = data.resolve("console").resolve("seen-heads");
        try {
            if (Files.exists(file))
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] f = line.split(" ");
                    int colon = f.length == 2 ? f[1].indexOf(':') : -1;
                    if (colon > 0 && f[1].substring(0, colon).matches("[0-9]{1,18}") && f[1].substring(colon + 1).matches("[0-9a-f]{64}"))
                        heads.put(f[0], new Head(Long.parseLong(f[1].substring(0, colon)), f[1].substring(colon + 1)));
                }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public synchronized Head lastSeen(String user) {
        return heads.get(user);
    }

    /** Records what a user saw now; replaced atomically so a crash keeps the old file or the new one. */
    public synchronized void saw(String user, Head head) throws IOException {
        if (head.equals(heads.get(user))) return;
        heads.put(user, head);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Head> e : heads.entrySet()) b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("seen-heads.tmp");
        Files.writeString(tmp, b, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
