package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every Lucent bundle in the packaged jar exports only versioned {@code api} packages. */
class BundleManifestsIT {

    // One clause of Export-Package: name;attrs... (commas inside quotes belong to attributes)
    private static final Pattern CLAUSE = Pattern.compile("([^;,\"]+)((?:;[^,\"]*(?:\"[^\"]*\")?)*)");

    @Test
    void onlyVersionedApiPackagesAreExported() throws IOException {
        List<String> checked = new ArrayList<>();
        try (JarFile host = new JarFile(LucentProcess.jar().toFile())) {
            var entries = host.stream().filter(e -> e.getName().startsWith("bundles/lucent/") && e.getName().endsWith(".jar")).toList();
            assertFalse(entries.isEmpty(), "no Lucent bundles in the host jar");
            for (var e : entries) {
                try (InputStream in = host.getInputStream(e); JarInputStream bundle = new JarInputStream(in)) {
                    Manifest m = bundle.getManifest();
                    String bsn = m.getMainAttributes().getValue("Bundle-SymbolicName");
                    assertTrue(bsn != null && !bsn.isBlank(), e.getName() + " is not a bundle");
                    String exports = m.getMainAttributes().getValue("Export-Package");
                    if (exports == null) {
                        checked.add(bsn + " (exports nothing)");
                        continue;
                    }
                    Matcher c = CLAUSE.matcher(exports);
                    while (c.find()) {
                        String pkg = c.group(1).trim();
                        if (pkg.isEmpty()) continue;
                        String attrs = c.group(2);
                        assertTrue(pkg.matches(".*\\.api(\\..*)?"), bsn + " exports non-API package " + pkg);
                        assertTrue(attrs.contains("version="), bsn + " exports " + pkg + " without a version");
                        checked.add(bsn + ": " + pkg);
                    }
                    assertFalse(exports.contains("org.thymeleaf") || exports.contains("ognl") || exports.contains("com.google.protobuf")
                                    || exports.contains("com.openhtmltopdf") || exports.contains("org.apache.pdfbox")
                                    || exports.contains("org.apache.fontbox") || exports.contains("org.apache.commons.logging"),
                            bsn + " re-exports an embedded library: " + exports);
                }
            }
        }
        assertTrue(checked.stream().anyMatch(s -> s.contains("dev.lucent.explain.api")), checked.toString());
        System.out.println("Exports checked:\n  " + String.join("\n  ", checked));
    }
}
