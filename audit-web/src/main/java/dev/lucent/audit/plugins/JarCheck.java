package dev.lucent.audit.plugins;

import dev.lucent.audit.files.SafeZip;
import dev.lucent.network.api.data.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.osgi.framework.Version;

/**
 * Checks a plugin jar before anything installs it, from its bytes in memory (so what was checked is what gets
 * installed), and rebuilds it from the checked entries: the framework never reads the original file's central
 * directory, so a zip whose directory disagrees with its entries cannot smuggle in other content.
 *
 * <p>Refused: entries escaping their folder (zip-slip), zip bombs (sizes and ratios counted while inflating,
 * never taken from headers), duplicate entries, a manifest that is not the first entry or a second manifest
 * elsewhere, jars that are not OSGi bundles or are fragments, and, when trusted keys are given, any entry not
 * signed by one of them.
 */
public final class JarCheck {

    /** Limits on what a plugin jar may unpack to. */
    public record Limits(long maxJarBytes, long maxTotalBytes, long maxEntryBytes, int maxEntries, double maxRatio,
                         long ratioFloorBytes) {
        public static final Limits DEFAULT = new Limits(64L << 20, 128L << 20, 64L << 20, 20_000, 100, 1L << 20);
    }

    /** A jar that passed: its manifest facts and the rebuilt bytes to install. */
    public record Checked(String symbolicName, String version, String name, int entries, long uncompressedBytes,
                          String sha256, String signedBy, byte[] canonicalJar) {
    }

    private record Item(String name, boolean directory, long time, byte[] content) {
    }

    static final String MANIFEST = "META-INF/MANIFEST.MF";

    private final Limits limits;
    private final TrustedKeys trust;

    /** @param trust null to accept unsigned jars */
    public JarCheck(Limits limits, TrustedKeys trust) {
        this.limits = limits;
        this.trust = trust;
    }

    public Limits limits() {
        return limits;
    }

    public Checked check(byte[] jar) throws PluginRefusedException {
        if (jar.length > limits.maxJarBytes())
            throw new PluginRefusedException("the jar is " + jar.length + " bytes, more than the limit of " + limits.maxJarBytes());
        List<Item> items = readEntries(jar);
        Manifest manifest = manifest(items);
        Attributes main = manifest.getMainAttributes();
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank())
            throw new PluginRefusedException("not an OSGi bundle: its manifest has no Bundle-SymbolicName"
                    + " (build the plugin with bnd, see the plugin guide)");
        if (!"2".equals(trimmed(main.getValue("Bundle-ManifestVersion"))))
            throw new PluginRefusedException("not an OSGi R4+ bundle: its manifest lacks Bundle-ManifestVersion: 2");
        String symbolicName = bsn.split(";", 2)[0].trim();
        String versionText = trimmed(main.getValue("Bundle-Version"));
        String version;
        try {
            version = Version.parseVersion(versionText).toString();
        } catch (IllegalArgumentException e) {
            throw new PluginRefusedException("broken manifest: Bundle-Version '" + printable(versionText) + "' is not a version ("
                    + e.getMessage() + ")");
        }
        if (main.getValue("Fragment-Host") != null)
            throw new PluginRefusedException("fragments are not accepted as plugins: a fragment would add code to another bundle ("
                    + printable(main.getValue("Fragment-Host")) + ")");
        String signer = trust == null ? null : verifySignatures(jar);
        long total = 0;
        for (Item i : items) total += i.content().length;
        String name = main.getValue("Bundle-Name");
        return new Checked(symbolicName, version, name == null ? symbolicName : name, items.size(), total, sha256(jar),
                signer, rebuild(items));
    }

    /** Reads every entry through {@link SafeZip} (names, bombs, duplicates), adding the manifest's place rules. */
    private List<Item> readEntries(byte[] jar) throws PluginRefusedException {
        SafeZip.Limits zipLimits = new SafeZip.Limits(limits.maxTotalBytes(), limits.maxEntryBytes(), limits.maxEntries(),
                limits.maxRatio(), limits.ratioFloorBytes());
        try {
            List<Item> items = new ArrayList<>();
            for (SafeZip.Item i : SafeZip.read(jar, zipLimits, "jar", JarCheck::manifestPlace))
                items.add(new Item(i.name(), i.directory(), i.time(), i.content()));
            return items;
        } catch (SafeZip.Refused e) {
            throw new PluginRefusedException(e.getMessage().replace("not a zip:", "not a jar:"), e.getCause() == null ? e : e.getCause());
        }
    }

    /** The manifest must be the first entry (after its folder), and no other entry may be a manifest. */
    private static void manifestPlace(String name, List<SafeZip.Item> before) throws SafeZip.Refused {
        if (name.equals(MANIFEST)) {
            boolean first = before.isEmpty() || (before.size() == 1 && before.get(0).name().equals("META-INF/"));
            if (!first)
                throw new SafeZip.Refused("the manifest is entry " + (before.size() + 1)
                        + ", not the first: tools would disagree about which manifest counts");
        } else if (lastSegment(name).equalsIgnoreCase("MANIFEST.MF")) {
            throw new SafeZip.Refused("a second manifest at '" + printable(name) + "': only META-INF/MANIFEST.MF may be a manifest");
        }
    }

    /** Refuses names that could land outside the folder they are unpacked in, on any system. */
    static void checkName(String name) throws PluginRefusedException {
        try {
            SafeZip.checkName(name);
        } catch (SafeZip.Refused e) {
            throw new PluginRefusedException(e.getMessage());
        }
    }

    private static String lastSegment(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static Manifest manifest(List<Item> items) throws PluginRefusedException {
        for (Item i : items) {
            if (!i.name().equals(MANIFEST)) continue;
            try {
                return new Manifest(new ByteArrayInputStream(i.content()));
            } catch (IOException | RuntimeException e) {
                throw new PluginRefusedException("broken manifest: " + e.getMessage(), e);
            }
        }
        throw new PluginRefusedException("not an OSGi bundle: it has no META-INF/MANIFEST.MF");
    }

    /** Every entry but the signature files themselves must be signed by a trusted key; returns the signer. */
    private String verifySignatures(byte[] jar) throws PluginRefusedException {
        Set<String> signers = new LinkedHashSet<>();
        int signed = 0;
        String unsigned = null;
        String untrusted = null;
        byte[] buffer = new byte[8192];
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                while (in.read(buffer) > 0) {
                    // reading the whole entry is what makes the JDK check its digest
                }
                if (e.isDirectory() || isSignatureFile(e.getName())) continue;
                CodeSigner[] by = e.getCodeSigners();
                if (by == null || by.length == 0) {
                    if (unsigned == null) unsigned = e.getName();
                    continue;
                }
                signed++;
                boolean trusted = false;
                for (CodeSigner s : by) {
                    List<? extends Certificate> chain = s.getSignerCertPath().getCertificates();
                    if (chain.isEmpty()) continue;
                    Certificate leaf = chain.get(0);
                    String who = leaf instanceof X509Certificate x ? x.getSubjectX500Principal().getName() : leaf.getType();
                    if (trust.trusts(leaf.getPublicKey())) {
                        trusted = true;
                        signers.add(who);
                    } else if (untrusted == null) {
                        untrusted = who;
                    }
                }
                if (!trusted && untrusted == null) untrusted = "an unknown signer";
                if (!trusted) {
                    throw new PluginRefusedException("signed by " + untrusted + ", whose key is not among the trusted keys ("
                            + trust.source() + ")");
                }
            }
        } catch (SecurityException e) {
            throw new PluginRefusedException("its signature does not match its contents: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PluginRefusedException("not a readable jar: " + e.getMessage(), e);
        }
        if (signed == 0) throw new PluginRefusedException("not signed, and only jars signed by a trusted key are accepted (" + trust.source() + ")");
        if (unsigned != null)
            throw new PluginRefusedException("entry '" + printable(unsigned) + "' is not signed (added after signing?); every entry must be");
        return String.join("; ", signers);
    }

    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', 9) >= 0) return false;
        return upper.equals(MANIFEST) || upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
                || upper.endsWith(".EC") || upper.startsWith("META-INF/SIG-");
    }

    private static byte[] rebuild(List<Item> items) throws PluginRefusedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Item i : items) {
                ZipEntry e = new ZipEntry(i.name());
                if (i.time() >= 0) e.setTime(i.time());
                zip.putNextEntry(e);
                if (!i.directory()) zip.write(i.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new PluginRefusedException("cannot repack the jar: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] b) {
        return Sha256.hex(b);
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    /** A name or header from a jar, safe to show on one line. */
    static String printable(String s) {
        return SafeZip.printable(s);
    }
}
