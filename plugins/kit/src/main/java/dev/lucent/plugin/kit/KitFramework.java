package dev.lucent.plugin.kit;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** The framework one test class runs against. */
final class KitFramework implements AutoCloseable {

    /**
     * The bundles Lucent's host runs that a plugin may rely on, by symbolic name, in start order. No Configuration
     * Admin: the host has none (nothing may reconfigure it from a file), so a plugin needing it fails here too.
     */
    static final List<String> INFRA = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr");
    /** Lucent bundles whose API packages the system bundle exports (their classes are shared with the tests). */
    static final List<String> API_BUNDLES = List.of("lucent-explainers-api", "lucent-core-network");
    /**
     * Libraries the host offers that the system bundle exports from the class path when present (Eclipse
     * Collections finds its implementation with the class path's ServiceLoader, no SPI Fly needed here).
     */
    static final List<String> SHARED_LIBRARIES = List.of("org.eclipse.collections.api", "org.eclipse.collections.impl");

    record ClassPathBundle(String symbolicName, Path path, Manifest manifest) {
        String location() {
            return "reference:" + path.toUri();
        }
    }

    private final Framework framework;
    private final Path storage;
    private final PluginUnderTest plugin;

    private KitFramework(Framework framework, Path storage, Bundle bundle) {
        this.framework = framework;
        this.storage = storage;
        this.plugin = new PluginUnderTest(framework.getBundleContext(), bundle);
    }

    PluginUnderTest plugin() {
        return plugin;
    }

    static KitFramework start() throws IOException, BundleException {
        Map<String, ClassPathBundle> byName = new LinkedHashMap<>();
        List<ClassPathBundle> folders = new ArrayList<>();
        for (ClassPathBundle b : classPathBundles()) {
            byName.putIfAbsent(b.symbolicName(), b);
            if (Files.isDirectory(b.path()) && !INFRA.contains(b.symbolicName()) && !API_BUNDLES.contains(b.symbolicName())
                    && !SHARED_LIBRARIES.contains(b.symbolicName()))
                folders.add(b);
        }
        ClassPathBundle underTest = pluginUnderTest(folders);
        List<String> exports = new ArrayList<>();
        for (String api : API_BUNDLES) {
            ClassPathBundle b = byName.get(api);
            if (b == null) throw new IllegalStateException("bundle " + api + " is not on the test class path (add lucent-plugin-kit as a test dependency)");
            String e = b.manifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (e != null) exports.add(e);
        }
        for (String lib : SHARED_LIBRARIES) {
            ClassPathBundle b = byName.get(lib);
            String e = b == null ? null : b.manifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (e != null) exports.add(e);
        }
        Path storage = Files.createTempDirectory("lucent-kit-");
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", exports));
        config.put("felix.log.level", "1");
        config.put("ds.loglevel", "warn");
        Framework framework = new Felix(config);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        try {
            for (String name : INFRA) {
                ClassPathBundle b = byName.get(name);
                if (b == null) throw new IllegalStateException("bundle " + name + " is not on the test class path (the kit depends on it)");
                installed.add(framework.getBundleContext().installBundle(b.location()));
            }
            framework.start();
            for (Bundle b : installed) b.start();
            Bundle bundle = framework.getBundleContext().installBundle(underTest.location());
            bundle.start();
            return new KitFramework(framework, storage, bundle);
        } catch (BundleException | RuntimeException e) {
            stop(framework);
            delete(storage);
            throw e;
        }
    }

    private static ClassPathBundle pluginUnderTest(List<ClassPathBundle> folders) throws IOException {
        String explicit = System.getProperty("lucent.kit.plugin");
        if (explicit != null) {
            Path p = Path.of(explicit).toAbsolutePath().normalize();
            Manifest m = manifestOf(p);
            if (m == null) throw new IllegalStateException("lucent.kit.plugin=" + p + " has no manifest");
            return new ClassPathBundle(m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME), p, m);
        }
        if (folders.size() != 1)
            throw new IllegalStateException(folders.isEmpty()
                    ? "no plugin bundle folder on the test class path: build your module with bnd-maven-plugin (it writes"
                    + " target/classes/META-INF/MANIFEST.MF) or name the plugin with -Dlucent.kit.plugin=PATH"
                    : "several bundle folders on the test class path " + folders.stream().map(ClassPathBundle::path).toList()
                    + ": name the plugin under test with -Dlucent.kit.plugin=PATH");
        return folders.get(0);
    }

    /** Every class path entry with an OSGi manifest. */
    static List<ClassPathBundle> classPathBundles() throws IOException {
        List<ClassPathBundle> out = new ArrayList<>();
        Enumeration<URL> manifests = KitFramework.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            Path base = baseOf(url);
            if (base == null) continue;
            Manifest m;
            try (InputStream in = url.openStream()) {
                m = new Manifest(in);
            }
            String bsn = m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) continue;
            out.add(new ClassPathBundle(bsn.split(";", 2)[0].trim(), base, m));
        }
        return out;
    }

    private static Path baseOf(URL url) throws IOException {
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                return Path.of(c.getJarFileURL().toURI());
            }
            if (url.getProtocol().equals("file")) return Path.of(url.toURI()).getParent().getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static Manifest manifestOf(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            Path m = p.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(m)) return null;
            try (InputStream in = Files.newInputStream(m)) {
                return new Manifest(in);
            }
        }
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(p.toFile())) {
            return j.getManifest();
        }
    }

    @Override
    public void close() {
        stop(framework);
        delete(storage);
    }

    private static void stop(Framework f) {
        try {
            f.stop();
            f.waitForStop(20_000);
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
