package dev.lucent.audit.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures checked with keys made by the JDK's keytool, jars signed with the JDK's JarSigner API. */
class TrustedKeysTest {

    @TempDir
    static Path dir;
    static Path trustedPem;
    static Path keystoreA;
    static Path keystoreB;

    @BeforeAll
    static void keys() throws Exception {
        keystoreA = keystore("team-a");
        keystoreB = keystore("team-b");
        List<String> pem = TestJars.run(dir, TestJars.jdkTool("keytool"), "-exportcert", "-rfc", "-alias", "team-a",
                "-keystore", keystoreA.toString(), "-storepass", "changeit");
        trustedPem = dir.resolve("trusted.pem");
        Files.write(trustedPem, pem);
    }

    static Path keystore(String alias) throws Exception {
        Path ks = dir.resolve(alias + ".p12");
        TestJars.run(dir, TestJars.jdkTool("keytool"), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + alias + ",O=Lucent tests", "-validity", "30", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        return ks;
    }

    static byte[] signed(byte[] jar, Path keystore, String alias) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, "changeit".toCharArray());
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of((X509Certificate) ks.getCertificate(alias)));
        Path unsigned = Files.createTempFile(dir, "unsigned", ".jar");
        Files.write(unsigned, jar);
        Path out = Files.createTempFile(dir, "signed", ".jar");
        try (ZipFile z = new ZipFile(unsigned.toFile()); OutputStream o = new FileOutputStream(out.toFile())) {
            new JarSigner.Builder(key, path).build().sign(z, o);
        }
        return Files.readAllBytes(out);
    }

    JarCheck trusting() throws IOException {
        return new JarCheck(JarCheck.Limits.DEFAULT, TrustedKeys.load(trustedPem));
    }

    @Test
    void aJarSignedByATrustedKeyPasses() throws Exception {
        byte[] jar = signed(TestJars.zip(TestJars.bundle("com.example.signed", "1.0.0")), keystoreA, "team-a");
        JarCheck.Checked c = trusting().check(jar);
        assertTrue(c.signedBy().contains("CN=team-a"), c.signedBy());
    }

    @Test
    void unsignedAndOtherKeysAreRefused() throws Exception {
        byte[] plain = TestJars.zip(TestJars.bundle("com.example.plain", "1.0.0"));
        String unsigned = assertThrows(PluginRefusedException.class, () -> trusting().check(plain)).getMessage();
        assertTrue(unsigned.startsWith("not signed"), unsigned);
        byte[] other = signed(plain, keystoreB, "team-b");
        String foreign = assertThrows(PluginRefusedException.class, () -> trusting().check(other)).getMessage();
        assertTrue(foreign.contains("CN=team-b") && foreign.contains("not among the trusted keys"), foreign);
    }

    @Test
    void anEntryAddedOrChangedAfterSigningIsRefused() throws Exception {
        Map<String, byte[]> entries = TestJars.bundle("com.example.tamper", "1.0.0");
        entries.put("com/example/B.class", new byte[] {1, 2, 3, 4});
        byte[] jar = signed(TestJars.zip(entries), keystoreA, "team-a");
        // change B.class's bytes in place (stored names unchanged): its digest no longer matches
        byte[] tampered = repack(jar, "com/example/B.class", new byte[] {9, 9, 9, 9});
        String why = assertThrows(PluginRefusedException.class, () -> trusting().check(tampered)).getMessage();
        assertTrue(why.contains("signature does not match"), why);
        byte[] added = repackAdding(jar, "com/example/Extra.class", new byte[] {5});
        String why2 = assertThrows(PluginRefusedException.class, () -> trusting().check(added)).getMessage();
        assertTrue(why2.contains("'com/example/Extra.class' is not signed"), why2);
    }

    @Test
    void publicKeyBlocksWorkToo() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystoreA)) {
            ks.load(in, "changeit".toCharArray());
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(ks.getCertificate("team-a").getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Path f = dir.resolve("pub.pem");
        Files.writeString(f, pem);
        TrustedKeys keys = TrustedKeys.load(f);
        assertEquals(1, keys.size());
        assertTrue(keys.trusts(ks.getCertificate("team-a").getPublicKey()));
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "nothing here");
        assertThrows(IOException.class, () -> TrustedKeys.load(empty));
    }

    static byte[] repack(byte[] jar, String name, byte[] content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar));
             java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(e.getName().equals(name) ? content : in.readAllBytes());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] repackAdding(byte[] jar, String name, byte[] content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar));
             java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(in.readAllBytes());
                z.closeEntry();
            }
            z.putNextEntry(new java.util.zip.ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
