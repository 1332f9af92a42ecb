package dev.lucent.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The bundles packed into the host jar under {@code bundles/infra} (numbered in start order) and
 * {@code bundles/lucent}. Works from the jar and from an exploded classes folder (tests).
 */
final class EmbeddedBundles {

    record Entry(String name, String group) {
        String location() {
            return "lucent:" + group + "/" + name;
        }
    }

    private final Path codeSource;

    EmbeddedBundles() {
        try {
            this.codeSource = Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the host's own jar", e);
        }
    }

    /** The host jar (or classes folder) this code runs from. */
    Path codeSource() {
        return codeSource;
    }

    /** Infra bundles in start order, then Lucent's bundles by name. */
    List<Entry> list() throws IOException {
        List<Entry> all = new ArrayList<>();
        for (String group : List.of("infra", "lucent")) {
            List<String> names = new ArrayList<>();
            String prefix = "bundles/" + group + "/";
            if (Files.isDirectory(codeSource)) {
                Path dir = codeSource.resolve(prefix);
                if (Files.isDirectory(dir))
                    try (Stream<Path> s = Files.list(dir)) {
                        s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).forEach(names::add);
                    }
            } else {
                try (JarFile jar = new JarFile(codeSource.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(prefix) && n.endsWith(".jar") && n.indexOf('/', prefix.length()) < 0)
                            .forEach(n -> names.add(n.substring(prefix.length())));
                }
            }
            names.sort(Comparator.naturalOrder());
            for (String n : names) all.add(new Entry(n, group));
        }
        if (all.isEmpty()) throw new IOException("no bundles found in " + codeSource + " (is this the packaged lucent.jar?)");
        return all;
    }

    InputStream open(Entry e) throws IOException {
        String path = "bundles/" + e.group() + "/" + e.name();
        InputStream in = EmbeddedBundles.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw new IOException("bundle " + path + " missing from " + codeSource);
        return in;
    }
}
