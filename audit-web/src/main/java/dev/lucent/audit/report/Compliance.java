package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compliance view of a report: for each section of the EU AI Act, FDA's GMLP principles and the model card, the
 * findings that are evidence for it, the worst of their verdicts, and the sections left without evidence (gaps). Which
 * findings count for which section is data, the versioned {@code compliance/compliance-map.json} (docs/compliance.md):
 * a finding's kind is the explainer that made it; an explainer the map does not name falls back to its family.
 */
public final class Compliance {

    /** The built-in map, as shipped in this bundle. */
    public static final String RESOURCE = "/compliance/compliance-map.json";

    public record Framework(String id, String name, String source) {
    }

    public record Section(String id, String framework, String title, String asks) {
    }

    /**
     * One finding as evidence: its explainer, its kind of finding, its title and, for a verdict, the outcome; {@code finding}
     * itself, so a document can link to it.
     */
    public record Evidence(String explainerId, String explainer, String findingKind, String title, String outcome, Finding finding) {
    }

    /**
     * A section with its evidence. {@code verdict}: the worst outcome among the evidence's verdicts (ERROR, FAIL, WARN,
     * PASS), or "NO EVIDENCE" when nothing but not-applicable or skipped runs speak to it ({@code gap} true).
     */
    public record SectionView(Section section, List<Evidence> evidence, String verdict, boolean gap) {
    }

    /** The whole view: the map's version and sources, every section in the map's order, and findings no section takes. */
    public record View(String mapVersion, List<Framework> frameworks, List<SectionView> sections, List<Evidence> unmapped) {
        public List<SectionView> gaps() {
            return sections.stream().filter(SectionView::gap).toList();
        }
    }

    /** The map itself: its version, frameworks, sections, and sections by explainer id and by family. */
    public record Mapping(String version, List<Framework> frameworks, List<Section> sections, Map<String, List<String>> byExplainer,
                       Map<String, List<String>> byFamily) {
        /** The sections a finding of this explainer is evidence for: by its id, else by its family; empty when neither. */
        public List<String> sectionsFor(String explainerId, String family) {
            List<String> s = byExplainer.get(explainerId);
            if (s == null && family != null) s = byFamily.get(family);
            return s == null ? List.of() : s;
        }
    }

    private Compliance() {
    }

    /** Reads the built-in map (small: read on each use, nothing cached). */
    public static Mapping builtInMap() {
        try (InputStream in = Compliance.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the compliance map " + RESOURCE + " is missing from the bundle");
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a map, refusing one whose evidence names a section it does not define. */
    @SuppressWarnings("unchecked")
    static Mapping read(String json) {
        Map<String, Object> m = (Map<String, Object>) JsonReader.parse(json);
        List<Framework> frameworks = new ArrayList<>();
        for (Object o : (List<Object>) m.get("frameworks")) {
            Map<String, Object> f = (Map<String, Object>) o;
            frameworks.add(new Framework((String) f.get("id"), (String) f.get("name"), (String) f.get("source")));
        }
        List<Section> sections = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Object o : (List<Object>) m.get("sections")) {
            Map<String, Object> s = (Map<String, Object>) o;
            Section section = new Section((String) s.get("id"), (String) s.get("framework"), (String) s.get("title"), (String) s.get("asks"));
            if (!ids.add(section.id())) throw new IllegalArgumentException("compliance map: section " + section.id() + " twice");
            sections.add(section);
        }
        return new Mapping((String) m.get("version"), List.copyOf(frameworks), List.copyOf(sections),
                lists((Map<String, Object>) m.get("evidence"), ids), lists((Map<String, Object>) m.get("families"), ids));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> lists(Map<String, Object> m, Set<String> sections) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            List<String> l = new ArrayList<>();
            for (Object o : (List<Object>) v) {
                if (!sections.contains((String) o))
                    throw new IllegalArgumentException("compliance map: " + k + " is mapped to " + o + ", which is not a section");
                l.add((String) o);
            }
            out.put(k, List.copyOf(l));
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The report's compliance view under the built-in map. */
    public static View of(AuditReport report) {
        return of(report, builtInMap());
    }

    static View of(AuditReport report, Mapping map) {
        Map<String, List<Evidence>> bySection = new LinkedHashMap<>();
        for (Section s : map.sections()) bySection.put(s.id(), new ArrayList<>());
        List<Evidence> unmapped = new ArrayList<>();
        for (ExplainerRun run : report.runs()) {
            List<String> sections = map.sectionsFor(run.explainerId(), run.family());
            for (Finding f : run.findings()) {
                Evidence e = new Evidence(run.explainerId(), run.name(), ReportJson.kind(f), f.title(),
                        f instanceof Verdict v ? v.outcome().name() : null, f);
                if (sections.isEmpty()) unmapped.add(e);
                for (String s : sections) bySection.get(s).add(e);
            }
        }
        List<SectionView> views = new ArrayList<>();
        for (Section s : map.sections()) {
            List<Evidence> ev = bySection.get(s.id());
            String worst = null;
            boolean anyEvidence = false;
            for (Evidence e : ev) {
                if (e.outcome() == null) {
                    anyEvidence |= !notApplicableRun(ev, e);
                    continue;
                }
                Verdict.Outcome o = Verdict.Outcome.valueOf(e.outcome());
                if (o == Verdict.Outcome.NOT_APPLICABLE) continue;
                anyEvidence = true;
                if (worst == null || AuditReport.severity(o) < AuditReport.severity(Verdict.Outcome.valueOf(worst))) worst = o.name();
            }
            views.add(new SectionView(s, List.copyOf(ev), anyEvidence ? (worst == null ? "NO VERDICT" : worst) : "NO EVIDENCE", !anyEvidence));
        }
        return new View(map.version(), map.frameworks(), List.copyOf(views), List.copyOf(unmapped));
    }

    /** A finding that is not a verdict counts as evidence unless its run said it does not apply. */
    private static boolean notApplicableRun(List<Evidence> all, Evidence e) {
        return all.stream().anyMatch(x -> x.explainerId().equals(e.explainerId()) && "NOT_APPLICABLE".equals(x.outcome()));
    }

    /** The view as the JSON export's {@code compliance} member (outside the report's hashes: it is derived). */
    static void json(JsonWriter w, View v) {
        w.beginObject().field("map", "lucent-compliance-map").field("mapVersion", v.mapVersion());
        w.name("frameworks").beginArray();
        for (Framework f : v.frameworks()) w.beginObject().field("id", f.id()).field("name", f.name()).field("source", f.source()).endObject();
        w.endArray().name("sections").beginArray();
        for (SectionView s : v.sections()) {
            w.beginObject().field("id", s.section().id()).field("framework", s.section().framework()).field("title", s.section().title())
                    .field("verdict", s.verdict()).name("gap").value(s.gap()).name("evidence");
            evidence(w, s.evidence());
            w.endObject();
        }
        w.endArray().name("gaps").strings(v.gaps().stream().map(s -> s.section().id()).toList()).name("unmapped");
        evidence(w, v.unmapped());
        w.endObject();
    }

    private static void evidence(JsonWriter w, List<Evidence> ev) {
        w.beginArray();
        for (Evidence e : ev)
            w.beginObject().field("explainer", e.explainerId()).field("kind", e.findingKind()).field("title", e.title())
                    .field("outcome", e.outcome()).endObject();
        w.endArray();
    }
}
