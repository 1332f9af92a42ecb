package dev.lucent.audit.web.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvPreviewTest {

    static CsvPreview.Preview of(String csv) throws Exception {
        return CsvPreview.of(new BufferedReader(new StringReader(csv)));
    }

    @Test
    void typesRangesAndClasses() throws Exception {
        CsvPreview.Preview p = of("x,\"name, quoted\",label\r\n1.5,a,0\n-2,\"b\"\"c\",1\n3,d,1\n");
        assertEquals(List.of("x", "name, quoted", "label"), p.header());
        assertEquals(3, p.rows());
        assertEquals("number", p.columns().get(0).type());
        assertEquals("-2 to 3", p.columns().get(0).range());
        assertEquals("0.1 to 6.9", of("a,label\n6.9,0\n0.1,1\n").columns().get(0).range(), "four significant digits, no trailing zeros");
        assertEquals("text", p.columns().get(1).type());
        assertEquals("b\"c", p.firstRows().get(1).get(1));
        assertEquals(List.of("0", "1"), p.classes());
        assertEquals(List.of(), p.checks());
    }

    @Test
    void checksNameTheLine() throws Exception {
        CsvPreview.Preview p = of("a,a,label\n1,2,0\n1,x,1\n1,2\n1,,0\n");
        List<String> messages = p.checks().stream().map(CsvPreview.Check::message).toList();
        assertTrue(messages.contains("the column name 'a' appears twice"), messages.toString());
        assertTrue(messages.contains("line 4 has 2 fields; the header has 3"), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("numbers and text (first text on line 3)")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("1 missing values")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.equals("column 'a' is constant")), messages.toString());
    }

    @Test
    void quotedLineBreaksKeepLineNumbersRight() throws Exception {
        CsvPreview.Preview p = of("a,b\n\"multi\nline\",1\n1\n");
        assertTrue(p.checks().stream().anyMatch(c -> c.message().equals("line 4 has 1 fields; the header has 2")), p.checks().toString());
    }
}
