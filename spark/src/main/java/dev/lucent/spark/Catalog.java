package dev.lucent.spark;

import dev.lucent.explain.api.Explainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in explainers on the classpath, found as the OSGi host finds them: each bundle's Declarative Services
 * descriptors (its manifest's {@code Service-Component}) name the classes that provide {@link Explainer}. Those made
 * without services (a public constructor without arguments) are listed here; those that need other services (the
 * quality checks look attribution methods up) are not.
 */
final class Catalog {
    private static final Pattern IMPLEMENTATION = Pattern.compile("<implementation\\s+class=\"([^\"]+)\"");
    private static final String EXPLAINER = "<provide interface=\"" + Explainer.class.getName() + "\"";

    private Catalog() {
    }

    /** Explainer id to a fresh instance, in the order the jars and their components are listed. */
    static Map<String, Explainer> builtIns(ClassLoader loader) throws IOException {
        Map<String, Explainer> found = new LinkedHashMap<>();
        Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            String components;
            try (InputStream in = url.openStream()) {
                components = new Manifest(in).getMainAttributes().getValue("Service-Component");
            }
            if (components == null) continue;
            String base = url.toString().substring(0, url.toString().length() - "META-INF/MANIFEST.MF".length());
            for (String path : components.split(",")) {
                String xml;
                try (InputStream in = new URL(base + path.trim()).openStream()) {
                    xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher m = IMPLEMENTATION.matcher(xml);
                if (!xml.contains(EXPLAINER) || !m.find()) continue;
                Explainer e = instance(loader, m.group(1));
                if (e != null) found.putIfAbsent(e.info().id(), e);
            }
        }
        return found;
    }

    private static Explainer instance(ClassLoader loader, String className) {
        try {
            Object o = Class.forName(className, true, loader).getConstructor().newInstance();
            return o instanceof Explainer e ? e : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // a component that needs services
        }
    }
}
