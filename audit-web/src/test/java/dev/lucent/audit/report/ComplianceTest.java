package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compliance map as data and the view it gives of a report: evidence under sections, worst verdicts, gaps. */
class ComplianceTest {

    static ExplainerRun run(String id, String family, ExplainerRun.Status status, Finding... f) {
        return new ExplainerRun(new ExplainerRef(id, "N " + id, "1.0.0", family, "b", "1"), status, List.of(f), 1);
    }

    static AuditReport report(List<ExplainerRun> runs) {
        Provenance p = new Provenance("m", "00", "d.csv", "11", null, null, "y", "split", 1, Map.of(), Map.of(), "dev",
                Instant.EPOCH, Instant.EPOCH, Map.of());
        return ReportJson.seal("r-1", "t", "m", p, runs);
    }

    static Verdict verdict(String title, Verdict.Outcome o) {
        return new Verdict(title, Stage.DEPLOYMENT_READINESS, o, "s", List.of(), "");
    }

    @Test
    void theBuiltInMapIsWellFormedAndNamesItsSources() {
        Compliance.Mapping map = Compliance.builtInMap();
        assertEquals("1.0.0", map.version());
        assertEquals(Set.of("eu-ai-act", "fda-gmlp", "model-card"), map.frameworks().stream().map(Compliance.Framework::id).collect(Collectors.toSet()));
        Set<String> frameworks = map.frameworks().stream().map(Compliance.Framework::id).collect(Collectors.toSet());
        for (Compliance.Section s : map.sections()) assertTrue(frameworks.contains(s.framework()), s.toString());
        // Art. 9, 10, 13, 14, 15 and Annex IV; GMLP's ten principles; Mitchell et al.'s nine model card sections
        for (String a : List.of("art-9", "art-10", "art-13", "art-14", "art-15"))
            assertTrue(map.sections().stream().anyMatch(s -> s.id().equals("eu-ai-act/" + a)), a);
        assertEquals(10, map.sections().stream().filter(s -> s.framework().equals("fda-gmlp")).count());
        assertEquals(9, map.sections().stream().filter(s -> s.framework().equals("model-card")).count());
        assertTrue(map.sections().stream().anyMatch(s -> s.id().startsWith("eu-ai-act/annex-iv")));
        map.byExplainer().forEach((id, sections) -> assertFalse(sections.isEmpty(), id));
    }

    @Test
    void aMapNamingASectionItDoesNotDefineIsRefused() {
        String bad = "{\"version\":\"0\",\"frameworks\":[],\"sections\":[{\"id\":\"a\",\"framework\":\"f\",\"title\":\"A\",\"asks\":\"\"}],"
                + "\"evidence\":{\"x\":[\"b\"]},\"families\":{}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compliance.read(bad));
        assertEquals("compliance map: x is mapped to b, which is not a section", e.getMessage());
    }

    @Test
    void everyFindingLandsUnderItsSectionsWithTheWorstVerdictAndGapsAreListed() {
        AuditReport r = report(List.of(
                run("feature-drift", "drift", ExplainerRun.Status.OK, verdict("Feature drift", Verdict.Outcome.FAIL)),
                run("prediction-drift", "drift", ExplainerRun.Status.OK,
                        new Metric("KS", Stage.DEPLOYMENT_READINESS, "KS", 0.1, Double.NaN, Double.NaN, Double.NaN, ""),
                        verdict("Prediction drift", Verdict.Outcome.PASS)),
                run("activation-drift", "drift", ExplainerRun.Status.OK, verdict("Activation drift", Verdict.Outcome.NOT_APPLICABLE)),
                run("some-plugin", "fairness", ExplainerRun.Status.OK, verdict("Plugin", Verdict.Outcome.WARN)), // by its family
                run("stranger", "unknown family", ExplainerRun.Status.OK, verdict("Stranger", Verdict.Outcome.PASS))));
        Compliance.View v = Compliance.of(r);
        Map<String, Compliance.SectionView> by = v.sections().stream().collect(Collectors.toMap(s -> s.section().id(), s -> s));
        // Annex IV 9 (post-market monitoring) holds all three drift explainers' findings: the worst verdict is FAIL
        Compliance.SectionView pmm = by.get("eu-ai-act/annex-iv-9");
        assertEquals(4, pmm.evidence().size());
        assertEquals("FAIL", pmm.verdict());
        assertFalse(pmm.gap());
        // Art. 15 holds prediction drift (PASS) and activation drift (not applicable): PASS, not a gap
        assertEquals("PASS", by.get("eu-ai-act/art-15").verdict());
        // GMLP 1 is people, not findings: a gap, listed
        assertTrue(by.get("fda-gmlp/1").gap());
        assertEquals("NO EVIDENCE", by.get("fda-gmlp/1").verdict());
        assertTrue(v.gaps().stream().anyMatch(s -> s.section().id().equals("fda-gmlp/1")));
        // a plugin of a mapped family lands by its family; one of no mapped family is listed as unmapped
        assertEquals("WARN", by.get("model-card/ethical-considerations").verdict());
        assertEquals(List.of("stranger"), v.unmapped().stream().map(Compliance.Evidence::explainerId).toList());
        // every finding of a mapped explainer is under at least one section
        for (ExplainerRun run : r.runs())
            for (Finding f : run.findings())
                if (!run.explainerId().equals("stranger"))
                    assertTrue(v.sections().stream().anyMatch(s -> s.evidence().stream().anyMatch(e -> e.explainerId().equals(run.explainerId())
                            && e.title().equals(f.title()))), f.title());
        // only not-applicable evidence is no evidence: a section fed by activation drift alone would be a gap
        AuditReport onlyNa = report(List.of(run("activation-drift", "drift", ExplainerRun.Status.OK, verdict("A", Verdict.Outcome.NOT_APPLICABLE))));
        assertTrue(Compliance.of(onlyNa).sections().stream().filter(s -> s.section().id().equals("fda-gmlp/10")).findFirst().orElseThrow().gap());
    }

    @Test
    void theJsonExportCarriesTheViewOutsideTheHashesAndStillReadsBack() {
        AuditReport r = report(List.of(run("feature-drift", "drift", ExplainerRun.Status.OK, verdict("Feature drift", Verdict.Outcome.FAIL))));
        String json = ReportJson.export(r, null);
        assertTrue(json.contains(",\"compliance\":{\"map\":\"lucent-compliance-map\",\"mapVersion\":\"1.0.0\""), json);
        assertTrue(json.indexOf("\"reportHash\"") < json.indexOf("\"compliance\""));
        assertTrue(json.contains("\"gaps\":[") && json.contains("\"fda-gmlp/1\""));
        AuditReport back = ReportJson.read(json); // checks both hashes
        assertEquals(r.reportHash(), back.reportHash());
    }
}
