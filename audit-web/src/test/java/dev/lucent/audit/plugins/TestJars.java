package dev.lucent.audit.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small jars built in memory for the checks. */
final class TestJars {

    private TestJars() {
    }

    static String manifest(String... headers) {
        StringBuilder b = new StringBuilder("Manifest-Version: 1.0\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        return b.append("\r\n").toString();
    }

    static String bundleManifest(String bsn, String version) {
        return manifest("Bundle-ManifestVersion: 2", "Bundle-SymbolicName: " + bsn, "Bundle-Version: " + version);
    }

    /** Entries in the given order; a value of null is a directory. */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static Map<String, byte[]> bundle(String bsn, String version) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("META-INF/", null);
        m.put("META-INF/MANIFEST.MF", bundleManifest(bsn, version).getBytes(StandardCharsets.UTF_8));
        m.put("com/example/A.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61});
        return m;
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length) in the raw zip: local and central names. */
    static byte[] rename(byte[] zip, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (f.length != t.length) throw new IllegalArgumentException("same length only");
        byte[] out = zip.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            boolean match = true;
            for (int j = 0; j < f.length && match; j++) match = out[i + j] == f[j];
            if (match) System.arraycopy(t, 0, out, i, t.length);
        }
        return out;
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static List<String> run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + lines);
        return lines;
    }

    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
