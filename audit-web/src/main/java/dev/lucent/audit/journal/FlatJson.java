package dev.lucent.audit.journal;

import dev.lucent.audit.report.JsonWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON objects whose values are all strings, written in one canonical form and read strictly. Enough for
 * sign-off entries without a JSON library, so the journal stays JDK-only and easy to review.
 */
final class FlatJson {
    private FlatJson() {
    }

    static String write(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            JsonWriter.quote(sb, e.getKey());
            sb.append(':');
            JsonWriter.quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    /** Parses an object of string values; null when the text is anything else. */
    static Map<String, String> read(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        if (!expect(s, pos, '{')) return null;
        if (peek(s, pos) == '}') {
            pos[0]++;
            return pos[0] == s.length() ? out : null;
        }
        while (true) {
            String k = string(s, pos);
            if (k == null || !expect(s, pos, ':')) return null;
            String v = string(s, pos);
            if (v == null || out.put(k, v) != null) return null; // duplicate keys are ambiguous: refused
            char c = peek(s, pos);
            pos[0]++;
            if (c == '}') return pos[0] == s.length() ? out : null;
            if (c != ',') return null;
        }
    }

    private static char peek(String s, int[] pos) {
        return pos[0] < s.length() ? s.charAt(pos[0]) : '\0';
    }

    private static boolean expect(String s, int[] pos, char c) {
        if (peek(s, pos) != c) return false;
        pos[0]++;
        return true;
    }

    private static String string(String s, int[] pos) {
        if (!expect(s, pos, '"')) return null;
        StringBuilder sb = new StringBuilder();
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == '"') return sb.toString();
            if (c < 0x20) return null;
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos[0] >= s.length()) return null;
            char e = s.charAt(pos[0]++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (pos[0] + 4 > s.length()) return null;
                    String h = s.substring(pos[0], pos[0] + 4);
                    if (!h.matches("[0-9a-fA-F]{4}")) return null;
                    sb.append((char) Integer.parseInt(h, 16));
                    pos[0] += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }
}
