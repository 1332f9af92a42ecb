package dev.lucent.plugin.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aQute.bnd.differ.Baseline;
import aQute.bnd.osgi.Jar;
import aQute.bnd.service.diff.Delta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bnd's baseline over the plugin face. The first test is the build's gate: the stable packages of the bundles
 * just built against the checked-in baseline jars (baseline/), failing on any change that needs a higher
 * version than the package declares. The others show that the gate sees what it must: a removed method, an
 * added method (a minor change on a provider type, a major one on a consumer type).
 */
class ApiBaselineTest {

    @Test
    void theStablePackagesKeepTheirPromise() throws Exception {
        for (String bsn : List.of(Faces.NETWORK, Faces.EXPLAIN)) {
            try (Jar now = new Jar(Faces.built(bsn).toFile()); Jar then = new Jar(Faces.baselineJar(bsn).toFile())) {
                List<Baseline.Info> infos = Faces.baseline(now, then);
                System.out.println(Faces.report(bsn + " against " + Faces.baselineJar(bsn).getFileName(), infos));
                assertEquals(List.of(), Faces.mismatches(infos), "an exported package changed more than its version says:\n"
                        + Faces.report(bsn, infos) + "raise the package's @Version in its package-info.java as suggested"
                        + " (a major version breaks every plugin: see plugins/README.md)");
                for (Baseline.Info i : infos)
                    if (i.olderVersion.getMajor() >= 1)
                        assertTrue(i.newerVersion.getMajor() == i.olderVersion.getMajor(), i.packageName + " left its major version");
            }
        }
    }

    @Test
    void removingAMethodFromTheFaceFailsTheBaseline() throws Exception {
        try (Jar removed = Faces.variant(Faces.built(Faces.NETWORK), "dev.lucent.network.api.AuditableModel",
                Faces.without("layerNames"), Faces.FACE_PACKAGE, null);
             Jar then = new Jar(Faces.baselineJar(Faces.NETWORK).toFile())) {
            List<Baseline.Info> infos = Faces.baseline(removed, then);
            System.out.println(Faces.report("AuditableModel.layerNames() removed", infos));
            Baseline.Info face = Faces.info(infos, Faces.FACE_PACKAGE);
            assertEquals(Delta.MAJOR, face.packageDiff.getDelta());
            assertTrue(face.mismatch, "a removed method must fail the baseline");
            assertEquals("2.0.0", face.suggestedVersion.toString());
        }
    }

    @Test
    void changingAMethodOfTheFaceFailsTheBaseline() throws Exception {
        // AuditableModel.outputCount() returning long instead of int: every caller built against 1.0 breaks
        try (Jar changed = Faces.variant(Faces.built(Faces.NETWORK), "dev.lucent.network.api.AuditableModel",
                next -> Faces.without("outputCount").apply(Faces.plus("outputCount", "()J").apply(next)), Faces.FACE_PACKAGE, "1.1.0");
             Jar then = new Jar(Faces.baselineJar(Faces.NETWORK).toFile())) {
            List<Baseline.Info> infos = Faces.baseline(changed, then);
            System.out.println(Faces.report("AuditableModel.outputCount() returns long, face 1.1.0", infos));
            Baseline.Info face = Faces.info(infos, Faces.FACE_PACKAGE);
            assertEquals(Delta.MAJOR, face.packageDiff.getDelta());
            assertTrue(face.mismatch, "a changed signature must fail the baseline, also under a minor version");
        }
    }

    /** Also writes the later minor face (1.3, the built 1.2 plus a method) that {@code LimeOnLaterMinorTest} runs the LIME plugin on. */
    @Test
    void addingAMethodToAProviderTypeIsAMinorVersion() throws Exception {
        Path built = Faces.built(Faces.NETWORK);
        try (Jar then = new Jar(Faces.baselineJar(Faces.NETWORK).toFile())) {
            try (Jar unbumped = Faces.variant(built, "dev.lucent.network.api.AuditableModel",
                    Faces.plus("provenance", "()Ljava/lang/String;"), Faces.FACE_PACKAGE, "1.0.0")) { // the baseline's version
                List<Baseline.Info> infos = Faces.baseline(unbumped, then);
                Baseline.Info face = Faces.info(infos, Faces.FACE_PACKAGE);
                assertEquals(Delta.MINOR, face.packageDiff.getDelta(), Faces.report("added, still 1.0.0", infos));
                assertTrue(face.mismatch, "an addition without a minor version must fail");
                assertEquals("1.1.0", face.suggestedVersion.toString());
            }
            try (Jar later = Faces.variant(built, "dev.lucent.network.api.AuditableModel",
                    Faces.plus("provenance", "()Ljava/lang/String;"), Faces.FACE_PACKAGE, "1.3.0")) {
                List<Baseline.Info> infos = Faces.baseline(later, then);
                System.out.println(Faces.report("AuditableModel.provenance() added, face 1.3.0", infos));
                assertEquals(List.of(), Faces.mismatches(infos));
                Path out = Path.of(System.getProperty("lucent.face.later", "target/face-later/lucent-core-network-face-later-tests.jar"));
                Files.createDirectories(out.getParent());
                later.write(out.toFile());
            }
        }
    }

    @Test
    void addingAMethodToAConsumerTypeIsAMajorVersion() throws Exception {
        // Explainer is implemented by plugins (@ConsumerType): a new abstract method breaks every plugin
        try (Jar added = Faces.variant(Faces.built(Faces.EXPLAIN), "dev.lucent.explain.api.Explainer",
                Faces.plus("description", "()Ljava/lang/String;"), "dev.lucent.explain.api", "2.1.0");
             Jar then = new Jar(Faces.baselineJar(Faces.EXPLAIN).toFile())) {
            List<Baseline.Info> infos = Faces.baseline(added, then);
            System.out.println(Faces.report("Explainer.description() added, SPI 2.1.0", infos));
            Baseline.Info spi = Faces.info(infos, "dev.lucent.explain.api");
            assertEquals(Delta.MAJOR, spi.packageDiff.getDelta());
            assertTrue(spi.mismatch);
        }
    }

    /** Run once when a major version is cut: -Dlucent.baseline.write=true (see baseline/README.md). */
    @Test
    @EnabledIfSystemProperty(named = "lucent.baseline.write", matches = "true")
    void writeBaselineJars() throws Exception {
        for (String bsn : List.of(Faces.NETWORK, Faces.EXPLAIN)) {
            Path out = Path.of(System.getProperty("lucent.baseline.dir", "baseline")).resolve(bsn + "-face.jar");
            Faces.writeBaseline(Faces.built(bsn), out);
            System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
        }
    }
}
