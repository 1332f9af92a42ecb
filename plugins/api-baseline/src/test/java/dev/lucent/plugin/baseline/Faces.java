package dev.lucent.plugin.baseline;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.osgi.Resource;
import aQute.bnd.version.Version;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The built API bundles, their checked-in baselines, and bnd's baseline between them. A baseline jar holds
 * only a bundle's stable exported packages (version 1.0 or later), as built from the commit that froze them:
 * 0.x packages may break in a minor version by definition, so they are not held to one.
 */
final class Faces {

    static final String NETWORK = "lucent-core-network";
    static final String EXPLAIN = "lucent-explainers-api";
    static final String FACE_PACKAGE = "dev.lucent.network.api";

    private Faces() {
    }

    /** The bundle with this symbolic name on the test class path (a jar after `package`, else target/classes). */
    static Path built(String bsn) throws IOException {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            Manifest m = manifest(p);
            if (m == null) continue;
            String name = m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (name != null && name.split(";")[0].trim().equals(bsn)) return p;
        }
        throw new IllegalStateException("bundle " + bsn + " is not on the test class path");
    }

    static Path baselineJar(String bsn) {
        Path p = Path.of(System.getProperty("lucent.baseline.dir", "baseline")).resolve(bsn + "-face.jar");
        if (!Files.isRegularFile(p)) throw new IllegalStateException("no baseline jar " + p + " (see baseline/README.md)");
        return p;
    }

    private static Manifest manifest(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            Path mf = p.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(mf)) return null;
            try (InputStream in = Files.newInputStream(mf)) {
                return new Manifest(in);
            }
        }
        if (!p.toString().endsWith(".jar") || !Files.isRegularFile(p)) return null;
        try (JarFile j = new JarFile(p.toFile())) {
            return j.getManifest();
        }
    }

    /** bnd's baseline of {@code newer} against {@code older}: one Info per exported package of either. */
    static List<Baseline.Info> baseline(Jar newer, Jar older) throws Exception {
        try (Processor reporter = new Processor()) {
            Set<Baseline.Info> infos = new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, new Instructions());
            if (!reporter.isOk()) throw new IllegalStateException("bnd baseline: " + reporter.getErrors());
            List<Baseline.Info> sorted = new ArrayList<>(infos);
            sorted.sort(Comparator.comparing(i -> i.packageName));
            return sorted;
        }
    }

    /** The report as bnd-baseline-maven-plugin prints it: a line per package, the API diff of each mismatch. */
    static String report(String title, List<Baseline.Info> infos) {
        StringBuilder sb = new StringBuilder("bnd baseline: " + title + "\n");
        sb.append(String.format(Locale.ROOT, "  %-36s %-9s %-9s %-9s %-9s %s%n", "package", "delta", "new", "old", "suggest", "mismatch"));
        for (Baseline.Info i : infos) {
            sb.append(String.format(Locale.ROOT, "  %-36s %-9s %-9s %-9s %-9s %s%n", i.packageName, i.packageDiff.getDelta(),
                    i.newerVersion, i.olderVersion, i.suggestedVersion, i.mismatch ? "MISMATCH" : "-"));
        }
        for (Baseline.Info i : infos)
            if (i.mismatch) sb.append(String.format(Locale.ROOT, "%n  %s:%n%#S%n", i.packageName, i.packageDiff));
        return sb.toString();
    }

    /** Packages whose declared version is lower than the change needs. */
    static List<String> mismatches(List<Baseline.Info> infos) {
        return infos.stream().filter(i -> i.mismatch).map(i -> i.packageName + " " + i.newerVersion + " needs " + i.suggestedVersion).toList();
    }

    static Baseline.Info info(List<Baseline.Info> infos, String pkg) {
        return infos.stream().filter(i -> i.packageName.equals(pkg)).findFirst().orElseThrow(() -> new AssertionError("no baseline info for " + pkg));
    }

    /** A copy of {@code jar} with one class rewritten and one package's export version set (null keeps it). */
    static Jar variant(Path jar, String className, UnaryOperator<ClassVisitor> change, String pkg, String version) throws Exception {
        Jar out = new Jar(jar.toFile());
        String path = className.replace('.', '/') + ".class";
        Resource r = out.getResource(path);
        if (r == null) throw new IllegalStateException(path + " is not in " + jar);
        ClassReader reader;
        try (InputStream in = r.openInputStream()) {
            reader = new ClassReader(in);
        }
        ClassWriter writer = new ClassWriter(0);
        reader.accept(change.apply(writer), 0);
        out.putResource(path, new EmbeddedResource(writer.toByteArray(), r.lastModified()));
        if (version != null) {
            Manifest m = out.getManifest();
            Parameters exports = new Parameters(m.getMainAttributes().getValue("Export-Package"));
            Attrs attrs = exports.get(pkg);
            if (attrs == null) throw new IllegalStateException(jar + " does not export " + pkg);
            attrs.put("version", version);
            m.getMainAttributes().putValue("Export-Package", exports.toString());
            out.setManifest(m);
        }
        return out;
    }

    /** Drops the method {@code name} from the class. */
    static UnaryOperator<ClassVisitor> without(String name) {
        return next -> new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public MethodVisitor visitMethod(int access, String n, String descriptor, String signature, String[] exceptions) {
                return n.equals(name) ? null : super.visitMethod(access, n, descriptor, signature, exceptions);
            }
        };
    }

    /** Adds the abstract method {@code name} with this descriptor to an interface. */
    static UnaryOperator<ClassVisitor> plus(String name, String descriptor) {
        return next -> new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitEnd() {
                super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, name, descriptor, null, null).visitEnd();
                super.visitEnd();
            }
        };
    }

    /**
     * The baseline jar of a built bundle: its exported packages at version 1.0 or later (classes and manifest
     * clauses), nothing else. {@code ApiBaselineTest.writeBaselineJars} calls this when a major version is cut.
     */
    static void writeBaseline(Path built, Path out) throws Exception {
        try (Jar source = new Jar(built.toFile()); Jar face = new Jar(out.getFileName().toString())) {
            Manifest m = source.getManifest();
            Parameters exports = new Parameters(m.getMainAttributes().getValue("Export-Package"));
            Parameters stable = new Parameters();
            for (var e : exports.entrySet()) {
                if (new Version(e.getValue().getVersion()).getMajor() < 1) continue;
                stable.put(e.getKey(), e.getValue());
                String dir = e.getKey().replace('.', '/');
                for (var r : source.getDirectory(dir).entrySet()) face.putResource(r.getKey(), r.getValue());
            }
            Manifest fm = new Manifest();
            Attributes a = fm.getMainAttributes();
            a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            a.putValue("Bundle-ManifestVersion", "2");
            a.putValue("Bundle-SymbolicName", source.getBsn());
            a.putValue("Bundle-Version", new Version(source.getVersion()).getWithoutQualifier().toString());
            a.putValue("Export-Package", stable.toString());
            face.setManifest(fm);
            Files.createDirectories(out.getParent());
            face.write(out.toFile());
        }
    }
}
