package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void formulaStartsAreNeutralised() {
        assertEquals("'=1+2", ReportCsv.cell("=1+2"));
        assertEquals("'+cmd", ReportCsv.cell("+cmd"));
        assertEquals("'-2+3", ReportCsv.cell("-2+3"));
        assertEquals("'@SUM(A1)", ReportCsv.cell("@SUM(A1)"));
        assertEquals("'\tx", ReportCsv.cell("\tx"));
        assertEquals("\"'\rx\"", ReportCsv.cell("\rx"));
        assertEquals("\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\"", ReportCsv.cell("=HYPERLINK(\"http://e\",\"x\")"));
        assertEquals("plain", ReportCsv.cell("plain"));
        assertEquals("a=b", ReportCsv.cell("a=b"));
    }

    @Test
    void noCellOfAHostileReportStartsAFormula() {
        String csv = ReportCsv.findings(Reports.report(Reports.HOSTILE, 0, Instant.parse("2026-01-02T03:04:05Z")));
        List<List<String>> rows = parse(csv);
        assertEquals(List.of("explainer", "kind", "stage", "title", "subject", "key", "value", "lower", "upper", "note"), rows.get(0));
        int attributionRows = 0;
        for (List<String> row : rows) {
            assertEquals(10, row.size(), row.toString());
            for (int j = 0; j < row.size(); j++) {
                String c = row.get(j);
                if (c.isEmpty()) continue;
                boolean numeric = j >= 5 && isNumber(c);
                if (!numeric) assertFalse("=+-@\t\r".indexOf(c.charAt(0)) >= 0, "formula-like cell " + c);
            }
            if (row.get(1).equals("feature-attribution")) attributionRows++;
        }
        assertEquals(Reports.HOSTILE.size(), attributionRows, "one row per feature");
        assertTrue(csv.contains("'=HYPERLINK"));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** RFC 4180 reader, independent of the writer. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { row.add(cell.toString()); cell.setLength(0); }
            else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString()); cell.setLength(0); rows.add(row); row = new ArrayList<>(); i++;
            } else cell.append(c);
        }
        return rows;
    }
}
