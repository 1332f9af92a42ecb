package dev.lucent.audit.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverReasonsTest {

    @Test
    void aMissingPackageIsNamed() {
        String felix = "Unable to resolve bad.plugin [27](R 27.0): missing requirement [bad.plugin [27](R 27.0)] "
                + "osgi.wiring.package; (&(osgi.wiring.package=com.example.missing)(version>=1.0.0)(!(version>=2.0.0))) "
                + "Unresolved requirements: [[bad.plugin [27](R 27.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=com.example.missing)(version>=1.0.0)(!(version>=2.0.0)))]";
        assertEquals("needs package com.example.missing (version from 1.0.0, below 2.0.0) which no installed bundle exports",
                ResolverReasons.explain(felix, Map.of()));
    }

    @Test
    void aWrongSpiVersionSaysWhatIsOffered() {
        String felix = "Unable to resolve p [3](R 3.0): missing requirement [p [3](R 3.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=dev.lucent.explain.api)(version>=2.0.0)(!(version>=3.0.0))) Unresolved requirements: []";
        assertEquals("needs package dev.lucent.explain.api (version from 2.0.0, below 3.0.0), but Lucent offers only version 1.0.0"
                        + " (built against another SPI version?)",
                ResolverReasons.explain(felix, Map.of("dev.lucent.explain.api", List.of("1.0.0"))));
    }

    @Test
    void aPackageWithoutRangeAndOtherNamespaces() {
        assertEquals("needs package x.y which no installed bundle exports", ResolverReasons.explain(
                "Unable to resolve a [1](R 1.0): missing requirement [a [1](R 1.0)] osgi.wiring.package; (osgi.wiring.package=x.y)", Map.of()));
        assertEquals("needs bundle other.bundle which is not installed", ResolverReasons.explain(
                "Unable to resolve a [1](R 1.0): missing requirement [a [1](R 1.0)] osgi.wiring.bundle; (osgi.wiring.bundle=other.bundle)"
                        + " Unresolved requirements: [x]", Map.of()));
    }

    @Test
    void theDeepestCauseWins() {
        String felix = "Unable to resolve a [1](R 1.0): missing requirement [a [1](R 1.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=b.api)(version>=0.0.0)) [caused by: Unable to resolve b [2](R 2.0): missing requirement "
                + "[b [2](R 2.0)] osgi.wiring.package; (osgi.wiring.package=c.api)] Unresolved requirements: []";
        assertEquals("needs package c.api which no installed bundle exports", ResolverReasons.explain(felix, Map.of()));
    }

    @Test
    void otherErrorsPassThrough() {
        assertEquals("Activator start error in bundle x [4]. its activator failed", ResolverReasons.explain(
                "Activator start error in bundle x [4].  its activator failed", Map.of()).replace("its activator failed when starting: ", ""));
    }
}
