package dev.lucent.audit.web.security;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The console's users, kept in {@code <data>/console/users} (owner-readable only), one line per user:
 * name, role, PBKDF2 iterations, salt and key. On first start, with no users file, an {@code admin} is created
 * with a generated password printed once on stdout: there are no default credentials.
 */
@Component(service = UserStore.class)
public final class UserStore {

    /** A user as the console shows it (no secrets). */
    public record User(String name, Role role, Instant created) {
    }

    private record Entry(User user, PasswordHasher.Hash hash) {
    }

    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

    private final Path file;
    private final PasswordHasher hasher;
    private final Map<String, Entry> users = new LinkedHashMap<>();
    /** A hash to compare against for unknown names, so a miss costs as long as a hit (made when first needed). */
    private PasswordHasher.Hash decoy;

    @Activate
    public UserStore(BundleContext context) {
        this(dataFolder(context), new SecureRandom(), System.out);
    }

    UserStore(Path data, SecureRandom random, PrintStream announce) {
        this.file = data.resolve("console").resolve("users");
        this.hasher = new PasswordHasher(random);
        try {
            if (Files.exists(file)) load();
            else firstStart(announce);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the users file " + file, e);
        }
    }

    public static Path dataFolder(BundleContext context) {
        String d = context.getProperty("lucent.data");
        return Path.of(d == null ? "lucent-data" : d).toAbsolutePath().normalize();
    }

    private void firstStart(PrintStream announce) throws IOException {
        String password = hasher.generatePassword(20);
        users.put("admin", new Entry(new User("admin", Role.ADMIN, Instant.now()), hasher.hash(password.toCharArray())));
        save();
        announce.println("Lucent first start: sign in as 'admin' with password " + password
                + " (shown only this once; stored hashed in " + file + ")");
        announce.flush();
    }

    private void load() throws IOException {
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            try {
                if (f.length != 6) throw new IllegalArgumentException("expected 6 tab-separated fields, found " + f.length);
                Base64.Decoder b64 = Base64.getDecoder();
                User u = new User(f[0], Role.parse(f[1]), Instant.ofEpochSecond(Long.parseLong(f[5])));
                users.put(u.name(), new Entry(u, new PasswordHasher.Hash(Integer.parseInt(f[2]), b64.decode(f[3]), b64.decode(f[4]))));
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + lineNo + ": " + e.getMessage(), e);
            }
        }
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder("# name\trole\tpbkdf2-sha256 iterations\tsalt\tkey\tcreated\n");
        Base64.Encoder b64 = Base64.getEncoder();
        for (Entry e : users.values())
            b.append(e.user.name()).append('\t').append(e.user.role().label()).append('\t').append(e.hash.iterations())
                    .append('\t').append(b64.encodeToString(e.hash.salt())).append('\t').append(b64.encodeToString(e.hash.key()))
                    .append('\t').append(e.user.created().getEpochSecond()).append('\n');
        Path tmp = Files.createTempFile(file.getParent(), ".users", ".tmp");
        ownerOnly(tmp);
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void ownerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the folder's own permissions protect the file
        }
    }

    /** The user if the password is right; the same work is done for unknown names. */
    public Optional<User> authenticate(String name, char[] password) {
        Entry e;
        synchronized (this) {
            e = name == null ? null : users.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (e == null) {
            PasswordHasher.matches(password, decoy());
            return Optional.empty();
        }
        return PasswordHasher.matches(password, e.hash) ? Optional.of(e.user) : Optional.empty();
    }

    private synchronized PasswordHasher.Hash decoy() {
        if (decoy == null) decoy = hasher.hash(hasher.generatePassword(20).toCharArray());
        return decoy;
    }

    public synchronized Optional<User> find(String name) {
        Entry e = users.get(name);
        return e == null ? Optional.empty() : Optional.of(e.user);
    }

    public synchronized List<User> all() {
        List<User> list = new ArrayList<>();
        for (Entry e : users.values()) list.add(e.user);
        list.sort(Comparator.comparing(User::name));
        return list;
    }

    /** Adds a user with a generated password, which is returned once and never stored in clear. */
    public String add(String name, Role role) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!NAME.matcher(n).matches())
            throw new IllegalArgumentException("a user name is 1 to 32 characters: a-z, 0-9, dot, dash, underscore; it starts with a letter or digit");
        String password = hasher.generatePassword(20);
        PasswordHasher.Hash hash = hasher.hash(password.toCharArray());
        synchronized (this) {
            if (users.containsKey(n)) throw new IllegalArgumentException("user '" + n + "' exists already");
            users.put(n, new Entry(new User(n, role, Instant.now()), hash));
            persist();
        }
        return password;
    }

    public void changePassword(String name, char[] current, char[] next) {
        if (next.length < MIN_PASSWORD_LENGTH)
            throw new IllegalArgumentException("a new password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        if (authenticate(name, current).isEmpty()) throw new IllegalArgumentException("the current password is not right");
        PasswordHasher.Hash hash = hasher.hash(next);
        synchronized (this) {
            Entry e = users.get(name);
            if (e == null) throw new IllegalArgumentException("no user '" + name + "'");
            users.put(name, new Entry(e.user, hash));
            persist();
        }
    }

    private void persist() {
        try {
            save();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file " + file, e);
        }
    }

    Path file() {
        return file;
    }
}
