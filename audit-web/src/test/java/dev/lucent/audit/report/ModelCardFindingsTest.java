package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model card is filled from the findings, section by section (Mitchell et al. 2019): the per-group numbers of a
 * fairness audit are those of its JSON export (read back by the JSON parser, the card's Markdown table by hand here),
 * metrics carry their intervals, quarantined and inapplicable explainers are named among the caveats, and a section
 * no finding speaks to says "not assessed".
 */
class ModelCardFindingsTest {

    static final List<String> COLUMNS = List.of("group", "rows", "selection rate", "true positive rate", "judged");
    static final List<List<String>> GROUPS = List.of(
            List.of("sex = 1", "88", "0.4318 (0.3295 to 0.5341)", "0.9412 (0.8333 to 1.0000)", "yes"),
            List.of("sex = 2", "83", "0.2169 (0.1325 to 0.3133)", "0.5294 (0.3529 to 0.7059)", "yes"),
            List.of("sex = 3", "4", "not judged", "not judged", "too small to judge (fewer than 10 rows)"));

    static ExplainerRun run(String id, String name, String family, ExplainerRun.Status status, Finding... findings) {
        return new ExplainerRun(new ExplainerRef(id, name, "1.0.0", family, "lucent-explainers-" + family, "0.1.0"), status, List.of(findings), 5);
    }

    static AuditReport fairnessAudit() {
        List<ExplainerRun> runs = List.of(
                run("classification-metrics", "Classification metrics", "model performance", ExplainerRun.Status.OK,
                        new Metric("Accuracy", Stage.VALIDATION, "accuracy", 0.9181, 0.8772, 0.9532, 0.95, "on 171 test rows")),
                run("group-fairness", "Group fairness", "fairness", ExplainerRun.Status.OK,
                        new Table("Fairness by sex", Stage.VALIDATION, COLUMNS, GROUPS, "positive class malignant"),
                        new Metric("Equal opportunity difference across sex", Stage.VALIDATION, "equal opportunity difference", 0.4118,
                                0.2206, 0.5882, 0.95, "largest minus smallest group recall"),
                        new Verdict("Equal opportunity (recall) across sex", Stage.VALIDATION, Verdict.Outcome.FAIL,
                                "The recall gap is beyond the tolerance.", List.of("gap 0.4118 (0.2206 to 0.5882)"),
                                "Check the labels of the worse group.")),
                run("group-error-gaps", "Error gaps across groups (regression)", "fairness", ExplainerRun.Status.OK,
                        Verdict.notApplicable("Error gaps across groups (regression)", Stage.VALIDATION, "regression metrics need real-valued predictions.")),
                run("feature-drift", "Feature drift", "drift", ExplainerRun.Status.SKIPPED,
                        new Verdict("Feature drift skipped", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.NOT_APPLICABLE,
                                "quarantined after 3 failures in a row", List.of(), "")));
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        Provenance p = new Provenance("model.lucent", "ab".repeat(32), "bc-biased-train.csv", "cd".repeat(32), "bc-test.csv", "ef".repeat(32),
                "diagnosis", "the test file", 3, Map.of(), Map.of("group-fairness", Map.of("sensitive", "sex")), "0.1.0", t, t.plusSeconds(9), Map.of());
        return ReportJson.seal("fairness-1", "Audit of biased", "biased", p, runs);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCardOfAFairnessAuditHoldsThePerGroupNumbersOfTheJsonFindings() {
        AuditReport r = fairnessAudit();
        String card = ModelCard.markdown(r);
        // the JSON export's table, read by the JSON parser
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(ReportJson.export(r, null));
        List<List<String>> fromJson = null;
        for (Object run : (List<Object>) json.get("runs"))
            for (Object f : (List<Object>) ((Map<String, Object>) run).get("findings"))
                if ("Fairness by sex".equals(((Map<String, Object>) f).get("title")))
                    fromJson = (List<List<String>>) ((Map<String, Object>) f).get("rows");
        assertEquals(3, fromJson.size());
        List<List<String>> fromCard = markdownTable(card, "**Fairness by sex**");
        assertEquals(fromJson, fromCard, card);

        String analyses = section(card, "## Quantitative analyses");
        assertTrue(analyses.contains("| Equal opportunity difference across sex | 0.4118 | \\[0.2206, 0.5882\\] 95% interval |"), analyses);
        assertTrue(analyses.contains("_Evidence for: ") && analyses.contains("EU AI Act Art. 10") && analyses.contains("EU AI Act Annex IV 2\\(g\\)"),
                analyses);
        assertTrue(section(card, "## Factors").contains("Fairness by sex: sex = 1 (88 rows), sex = 2 (83 rows), sex = 3 (4 rows)"), card);
        assertTrue(section(card, "## Metrics").contains("| Accuracy | 0.9181 | \\[0.8772, 0.9532\\] 95% interval | on 171 test rows |"), card);
        assertTrue(section(card, "## Ethical considerations").contains("**FAIL** " + ModelCard.md("Equal opportunity (recall) across sex")), card);
        String caveats = section(card, "## Caveats and recommendations");
        assertTrue(caveats.contains("- Feature drift (feature\\-drift): skipped: quarantined after repeated failures"), caveats);
        assertTrue(caveats.contains("(group\\-error\\-gaps): did not apply. regression metrics need real\\-valued predictions."), caveats);
        assertTrue(section(card, "## Training data").contains(ModelCard.NOT_ASSESSED), "no data check ran: " + card);
        assertTrue(section(card, "## Training data").contains("bc\\-biased\\-train.csv"), "the data named even so");
        assertTrue(section(card, "## Compliance view").contains("- FDA Good Machine Learning Practice: 1 Multi\\-disciplinary"), card);
        assertFalse(section(card, "## Factors").contains("current data"), "no drift assessed: no current data claimed");
    }

    /** The text of one "## " section of the card. */
    static String section(String card, String heading) {
        int from = card.indexOf(heading + "\n");
        assertTrue(from >= 0, heading + " in " + card);
        int to = card.indexOf("\n## ", from + heading.length());
        return card.substring(from, to < 0 ? card.length() : to);
    }

    /** The body rows of the Markdown table after {@code caption}, cells unescaped (backslash escapes dropped). */
    static List<List<String>> markdownTable(String card, String caption) {
        int at = card.indexOf(caption);
        assertTrue(at >= 0, caption + " in " + card);
        List<String> lines = card.substring(at).lines().toList();
        int i = 0;
        while (!lines.get(i).startsWith("|")) i++;
        i += 2; // header and separator
        List<List<String>> rows = new ArrayList<>();
        for (; i < lines.size() && lines.get(i).startsWith("| "); i++) {
            String l = lines.get(i);
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            for (int k = 2; k < l.length(); k++) {
                char ch = l.charAt(k);
                if (ch == '\\') cell.append(l.charAt(++k));
                else if (ch == '|') {
                    cells.add(cell.toString().strip());
                    cell.setLength(0);
                } else cell.append(ch);
            }
            rows.add(cells);
        }
        return rows;
    }
}
