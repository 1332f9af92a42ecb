package dev.lucent.audit.report;

/**
 * Compact JSON with one spelling per value, so that equal values give equal bytes (the canonical form the
 * report hashes are taken over): no whitespace, fields in the order written, doubles as {@link Double#toString}
 * (exact round trip) and non-finite doubles as the strings "NaN", "Infinity", "-Infinity". Strings escape
 * {@code < > &} and the line separators too, so a document is safe to embed in HTML.
 */
public final class JsonWriter {
    private final StringBuilder b = new StringBuilder(4096);
    private boolean needComma;

    public JsonWriter beginObject() {
        comma();
        b.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        b.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        comma();
        b.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        b.append(']');
        needComma = true;
        return this;
    }

    public JsonWriter name(String name) {
        comma();
        quote(b, name);
        b.append(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(String s) {
        comma();
        if (s == null) b.append("null");
        else quote(b, s);
        needComma = true;
        return this;
    }

    public JsonWriter value(long v) {
        comma();
        b.append(v);
        needComma = true;
        return this;
    }

    public JsonWriter value(boolean v) {
        comma();
        b.append(v);
        needComma = true;
        return this;
    }

    public JsonWriter value(double v) {
        comma();
        if (Double.isNaN(v)) b.append("\"NaN\"");
        else if (Double.isInfinite(v)) b.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        else b.append(Double.toString(v));
        needComma = true;
        return this;
    }

    public JsonWriter values(double[] vs) {
        if (vs == null) return nullValue();
        beginArray();
        for (double v : vs) value(v);
        return endArray();
    }

    public JsonWriter strings(Iterable<String> vs) {
        beginArray();
        for (String v : vs) value(v);
        return endArray();
    }

    public JsonWriter nullValue() {
        comma();
        b.append("null");
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    private void comma() {
        if (needComma) b.append(',');
    }

    @Override
    public String toString() {
        return b.toString();
    }

    /**
     * The one JSON string escaper: {@code s} quoted (null as {@code null}), with {@code < > & '} and the line separators
     * as {@code \\u} escapes, so JSON embedded in a page can never close a script element or an attribute.
     */
    public static String quoted(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(b, s);
        return b.toString();
    }

    /** {@link #quoted}, appended to {@code b}. */
    public static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\'', '\u2028', '\u2029' -> hex(b, c);
                default -> {
                    if (c < 0x20 || c == 0x7f) hex(b, c);
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    private static void hex(StringBuilder b, char c) {
        b.append("\\u");
        String h = Integer.toHexString(c);
        for (int k = h.length(); k < 4; k++) b.append('0');
        b.append(h);
    }
}
