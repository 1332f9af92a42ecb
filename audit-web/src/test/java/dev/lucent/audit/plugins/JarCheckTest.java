package dev.lucent.audit.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JarCheckTest {

    final JarCheck check = new JarCheck(JarCheck.Limits.DEFAULT, null);

    String refusal(byte[] jar) {
        return assertThrows(PluginRefusedException.class, () -> check.check(jar)).getMessage();
    }

    @Test
    void aPlainBundlePassesAndIsRepackedEntryForEntry() throws Exception {
        byte[] jar = TestJars.zip(TestJars.bundle("com.example.good", "1.2.3"));
        JarCheck.Checked c = check.check(jar);
        assertEquals("com.example.good", c.symbolicName());
        assertEquals("1.2.3", c.version());
        assertEquals(3, c.entries());
        assertEquals(64, c.sha256().length());
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(c.canonicalJar()))) {
            assertEquals("com.example.good", in.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            List<String> names = new ArrayList<>();
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) names.add(e.getName());
            assertEquals(List.of("com/example/A.class"), names, "after the manifest, the same entries");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "a\\..\\evil.txt", "C:/evil.txt", ".."})
    void zipSlipNamesAreRefused(String name) throws Exception {
        Map<String, byte[]> m = TestJars.bundle("com.example.slip", "1.0.0");
        m.put(name, "x".getBytes(StandardCharsets.UTF_8));
        String why = refusal(TestJars.zip(m));
        assertTrue(why.contains("zip-slip"), why);
    }

    @Test
    void dotsInsideANameAreFine() throws Exception {
        Map<String, byte[]> m = TestJars.bundle("com.example.dots", "1.0.0");
        m.put("a/..b/c..d.txt", new byte[1]);
        check.check(TestJars.zip(m));
    }

    @Test
    void aHighlyCompressedEntryIsABomb() throws Exception {
        Map<String, byte[]> m = TestJars.bundle("com.example.bomb", "1.0.0");
        m.put("zeros.bin", new byte[8 << 20]); // 8 MiB of zeros deflate about 1000 times
        byte[] jar = TestJars.zip(m);
        assertTrue(jar.length < 100_000, "the test bomb is small: " + jar.length);
        String why = refusal(jar);
        assertTrue(why.startsWith("looks like a zip bomb"), why);
    }

    @Test
    void totalSizeIsCountedWhileInflating() throws Exception {
        JarCheck small = new JarCheck(new JarCheck.Limits(1 << 20, 100_000, 1 << 20, 100, 1000, 1 << 20), null);
        Map<String, byte[]> m = TestJars.bundle("com.example.big", "1.0.0");
        byte[] noise = new byte[60_000];
        new java.util.Random(1).nextBytes(noise);
        m.put("a.bin", noise);
        m.put("b.bin", noise.clone());
        String why = assertThrows(PluginRefusedException.class, () -> small.check(TestJars.zip(m))).getMessage();
        assertTrue(why.contains("more than 100000 bytes in all"), why);
    }

    @Test
    void duplicateEntriesAreRefused() throws Exception {
        Map<String, byte[]> m = TestJars.bundle("com.example.dup", "1.0.0");
        m.put("com/example/B.class", new byte[] {1, 2, 3});
        String why = refusal(TestJars.rename(TestJars.zip(m), "com/example/B.class", "com/example/A.class"));
        assertTrue(why.contains("appears twice"), why);
    }

    @Test
    void aManifestThatIsNotFirstIsRefused() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("com/example/A.class", new byte[] {1});
        m.put("META-INF/MANIFEST.MF", TestJars.bundleManifest("com.example.late", "1.0.0").getBytes(StandardCharsets.UTF_8));
        String why = refusal(TestJars.zip(m));
        assertTrue(why.contains("not the first"), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lib/META-INF/MANIFEST.MF", "META-INF/manifest.mf", "x/MANIFEST.MF"})
    void aSecondManifestElsewhereIsRefused(String name) throws Exception {
        Map<String, byte[]> m = TestJars.bundle("com.example.nested", "1.0.0");
        m.put(name, TestJars.bundleManifest("com.example.other", "9.0.0").getBytes(StandardCharsets.UTF_8));
        String why = refusal(TestJars.zip(m));
        assertTrue(why.contains("second manifest") || why.contains("letter case"), why);
    }

    @Test
    void notBundlesAreRefusedSayingWhy() throws Exception {
        Map<String, byte[]> plain = new LinkedHashMap<>();
        plain.put("META-INF/MANIFEST.MF", TestJars.manifest("Main-Class: x.Y").getBytes(StandardCharsets.UTF_8));
        plain.put("x/Y.class", new byte[] {1});
        assertTrue(refusal(TestJars.zip(plain)).contains("no Bundle-SymbolicName"));
        Map<String, byte[]> none = new LinkedHashMap<>();
        none.put("x/Y.class", new byte[] {1});
        assertTrue(refusal(TestJars.zip(none)).contains("no META-INF/MANIFEST.MF"));
        assertTrue(refusal("this is not a zip at all".getBytes(StandardCharsets.UTF_8)).startsWith("not a jar"));
    }

    @Test
    void brokenManifestsAndFragmentsAreRefused() throws Exception {
        Map<String, byte[]> badVersion = TestJars.bundle("com.example.v", "1.x.y");
        assertTrue(refusal(TestJars.zip(badVersion)).contains("Bundle-Version '1.x.y' is not a version"));
        Map<String, byte[]> garbage = new LinkedHashMap<>();
        garbage.put("META-INF/MANIFEST.MF", "no colon here and no newline".repeat(3).getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(TestJars.zip(garbage)).contains("manifest"));
        Map<String, byte[]> fragment = new LinkedHashMap<>();
        fragment.put("META-INF/MANIFEST.MF", TestJars.manifest("Bundle-ManifestVersion: 2", "Bundle-SymbolicName: f",
                "Fragment-Host: lucent-audit-web").getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(TestJars.zip(fragment)).contains("fragments are not accepted"));
    }

    @Test
    void theRepackedJarHoldsExactlyTheCheckedBytes() throws Exception {
        Map<String, byte[]> m = TestJars.bundle("com.example.same", "2.0.0");
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        m.put("data/p.txt", payload);
        JarCheck.Checked c = check.check(TestJars.zip(m));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(c.canonicalJar()))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null)
                if (e.getName().equals("data/p.txt")) assertEquals("payload", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
