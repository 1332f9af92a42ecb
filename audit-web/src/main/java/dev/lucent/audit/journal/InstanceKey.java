package dev.lucent.audit.journal;

import dev.lucent.network.api.data.Sha256;
import dev.lucent.audit.api.JournalException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The instance's Ed25519 key pair: created once, on first start, with the private key file readable and
 * writable by its owner only (created with those permissions, never widened later) in its own {@link Place}
 * outside the data folder, the public key in the journal folder; loaded afterwards, and refused if someone
 * widened the permissions or the two files do not belong together.
 */
final class InstanceKey {
    static final String PRIVATE_FILE = "signing-key.pem";
    static final String PUBLIC_FILE = "signing-key.pub.pem";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    final PrivateKey privateKey;
    final PublicKey publicKey;
    final String fingerprint;

    private InstanceKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint(publicKey);
    }

    static String fingerprint(PublicKey key) {
        return Sha256.hex(key.getEncoded());
    }

    /**
     * Where the private key lives: never in the data folder, which is shared, copied and backed up, and whose
     * journal an attacker rewrites (a key beside it let anyone who could read the folder re-sign a forged
     * chain). Either a file given with {@code --signing-key FILE}, or {@code <keys folder>/<fingerprint>.pem},
     * the keys folder {@code ~/.lucent/keys} (system property {@code lucent.keys.dir}), so the host and a CLI
     * on the same data folder find the same key without options, and a moved data folder still finds it.
     */
    record Place(Path file, Path folder) {
        static final String FOLDER_PROPERTY = "lucent.keys.dir";
        static final String FILE_PROPERTY = "lucent.signing.key";

        /** From the two properties (null or blank: not set), as the host and the CLI pass them. */
        static Place of(String file, String folder) {
            if (file != null && !file.isBlank()) return new Place(Path.of(file).toAbsolutePath().normalize(), null);
            if (folder != null && !folder.isBlank()) return new Place(null, Path.of(folder).toAbsolutePath().normalize());
            return new Place(null, Path.of(System.getProperty("user.home"), ".lucent", "keys"));
        }

        static Place defaults() {
            return of(System.getProperty(FILE_PROPERTY), System.getProperty(FOLDER_PROPERTY));
        }

        Path privateKeyFor(String fingerprint) {
            return file != null ? file : folder.resolve(fingerprint + ".pem");
        }
    }

    /**
     * Loads the key pair: the public key from {@code dir} (the journal folder), the private key from its
     * {@link Place}, moving a private key an older Lucent kept in {@code dir} there first. Creates the pair
     * when there is none and {@code mayCreate} (the caller knows there is no journal yet that an old key signed).
     */
    static InstanceKey loadOrCreate(Path dir, Place place, boolean mayCreate) throws JournalException {
        Path legacy = dir.resolve(PRIVATE_FILE), pub = dir.resolve(PUBLIC_FILE);
        boolean hasLegacy = Files.exists(legacy), hasPub = Files.exists(pub);
        if (!hasPub) {
            // With no entries yet nothing was signed: a half-created pair (a crash on first start) is replaced.
            if (mayCreate) return create(dir, place);
            throw new JournalException("public key file " + pub + " is missing; restore it from a backup"
                    + " (the journal has entries: a new key could not sign on for them)");
        }
        PublicKey publicKey = readPublicKey(pub);
        Path priv = place.privateKeyFor(fingerprint(publicKey));
        if (hasLegacy) moveOutOfDataFolder(legacy, priv);
        if (!Files.exists(priv)) {
            if (mayCreate) return create(dir, place);
            throw new JournalException("the journal's signing key is not at " + priv + " (public key " + fingerprint(publicKey)
                    + "); restore it from a backup or name it with --signing-key FILE: a new key could not sign on for the old entries");
        }
        checkOwnerOnly(priv);
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    pem(Files.readString(priv, StandardCharsets.US_ASCII), "PRIVATE KEY", priv)));
            // The JDK offers no way to derive an Ed25519 public key from the private one: prove they match.
            byte[] probe = "lucent key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(publicKey);
            s.update(probe);
            if (!s.verify(sig)) throw new JournalException(pub + " is not the public key of " + priv);
            return new InstanceKey(privateKey, publicKey);
        } catch (IOException e) {
            throw new JournalException("cannot read the signing key " + priv + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new JournalException("the signing key " + priv + " is not a valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** A data folder from before the key moved out: its private key goes to its place, once, with a log line. */
    private static void moveOutOfDataFolder(Path legacy, Path priv) throws JournalException {
        try {
            checkOwnerOnly(legacy);
            if (Files.exists(priv)) {
                if (!java.util.Arrays.equals(Files.readAllBytes(legacy), Files.readAllBytes(priv)))
                    throw new JournalException("two different signing keys: " + legacy + " (in the data folder) and " + priv
                            + "; keep the one that matches the journal's public key and delete the other");
                Files.delete(legacy);
            } else {
                createOwnerOnlyFolder(priv.getParent());
                Path tmp = priv.resolveSibling(priv.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, ownerOnly(tmp.getParent()));
                Files.write(tmp, Files.readAllBytes(legacy));
                FileJournal.fsync(tmp);
                move(tmp, priv);
                FileJournal.fsync(priv.getParent());
                Files.delete(legacy);
            }
            FileJournal.fsync(legacy.getParent());
            System.err.println("lucent: moved the journal's signing key out of the data folder: " + legacy + " -> " + priv
                    + " (back it up; whoever can read the data folder can no longer sign with it)");
        } catch (IOException e) {
            throw new JournalException("cannot move the signing key out of the data folder (" + legacy + " -> " + priv + "): "
                    + e.getMessage() + "; name another place with --signing-key FILE", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path folder) throws IOException {
        return Files.getFileStore(folder).supportsFileAttributeView("posix")
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static void createOwnerOnlyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) return;
        Files.createDirectories(folder.getParent());
        try {
            if (Files.getFileStore(folder.getParent()).supportsFileAttributeView("posix"))
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            else Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile by another process: fine
        }
    }

    static PublicKey readPublicKey(Path pub) throws JournalException {
        try {
            return publicKeyFromPem(Files.readString(pub, StandardCharsets.US_ASCII), pub);
        } catch (IOException e) {
            throw new JournalException("cannot read public key " + pub + ": " + e.getMessage(), e);
        }
    }

    static PublicKey publicKeyFromPem(String pem, Object where) throws JournalException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(pem, "PUBLIC KEY", where)));
        } catch (GeneralSecurityException e) {
            throw new JournalException(where + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    String publicKeyPem() {
        return toPem("PUBLIC KEY", publicKey.getEncoded());
    }

    byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Digests of (key, message, signature) triples that verified. Ed25519 verification is deterministic, so a
     * triple that verified once verifies again: re-checking a long journal after each append costs hashing,
     * not curve arithmetic. Any changed byte makes a new triple that is verified in full. Bounded (LRU).
     */
    private static final java.util.Map<String, Boolean> VERIFIED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > 100_000;
                }
            });

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        byte[] k = key.getEncoded();
        byte[] triple = new byte[12 + k.length + data.length + signature.length];
        java.nio.ByteBuffer.wrap(triple).putInt(k.length).put(k).putInt(data.length).put(data).putInt(signature.length).put(signature);
        String digest = Sha256.hex(triple);
        if (VERIFIED.containsKey(digest)) return true;
        boolean ok = verifyUncached(key, data, signature);
        if (ok) VERIFIED.put(digest, Boolean.TRUE);
        return ok;
    }

    private static boolean verifyUncached(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a malformed signature is a bad signature
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification unavailable", e);
        }
    }

    private static InstanceKey create(Path dir, Place place) throws JournalException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new JournalException("this JDK cannot create Ed25519 keys: " + e.getMessage(), e);
        }
        Path priv = place.privateKeyFor(fingerprint(pair.getPublic())), pub = dir.resolve(PUBLIC_FILE);
        try {
            createOwnerOnlyFolder(priv.getParent());
            // Written to a temporary file born owner-only, then moved: the key is never readable by others,
            // and a crash leaves either no key or a whole one.
            Path tmp = priv.resolveSibling(priv.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, ownerOnly(priv.getParent()));
            Files.writeString(tmp, toPem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            FileJournal.fsync(tmp);
            if (Files.exists(priv))
                throw new JournalException("a signing key is already at " + priv + " but the journal in " + dir
                        + " has no public key; restore " + PUBLIC_FILE + " or name another place with --signing-key FILE");
            Path pubTmp = dir.resolve(PUBLIC_FILE + ".tmp");
            Files.writeString(pubTmp, toPem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            FileJournal.fsync(pubTmp);
            move(tmp, priv);
            FileJournal.fsync(priv.getParent());
            move(pubTmp, pub);
            FileJournal.fsync(dir);
        } catch (FileAlreadyExistsException e) {
            throw new JournalException("key file " + e.getFile() + " appeared while creating the key; is another instance starting?", e);
        } catch (IOException e) {
            throw new JournalException("cannot create the signing key " + priv + ": " + e.getMessage()
                    + "; name a writable place with --signing-key FILE", e);
        }
        return new InstanceKey(pair.getPrivate(), pair.getPublic());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void checkOwnerOnly(Path priv) throws JournalException {
        try {
            if (!Files.getFileStore(priv).supportsFileAttributeView("posix")) return;
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(priv);
            if (!OWNER_ONLY.containsAll(perms))
                throw new JournalException("private key file " + priv + " has permissions " + PosixFilePermissions.toString(perms)
                        + "; it must be readable by its owner only (chmod 600 " + priv + ")");
        } catch (IOException e) {
            throw new JournalException("cannot read the permissions of " + priv + ": " + e.getMessage(), e);
        }
    }

    private static String toPem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] pem(String text, String label, Object where) throws JournalException {
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        int b = text.indexOf(begin), e = text.indexOf(end);
        if (b < 0 || e < b) throw new JournalException(where + " is not a PEM " + label.toLowerCase() + " file");
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new JournalException(where + ": bad base64 in the PEM " + label.toLowerCase(), ex);
        }
    }
}
