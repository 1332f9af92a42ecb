package dev.lucent.audit.web;

/**
 * The report's style sheet scoped under its root class, so inside the console it styles the report and
 * nothing around it (its rules for {@code pre}, {@code footer}, {@code .badge} would otherwise reach the
 * console's own elements). Expects one rule per line, as the report's sheet is written; {@code @media}
 * blocks are scoped inside.
 */
final class ScopedCss {

    private ScopedCss() {
    }

    static String scope(String css, String root) {
        StringBuilder out = new StringBuilder(css.length() + 1024);
        for (String line : css.split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            if (t.startsWith("@media")) {
                int open = t.indexOf('{');
                out.append(t, 0, open + 1).append(rules(t.substring(open + 1, t.lastIndexOf('}')), root)).append("}\n");
            } else {
                out.append(rules(t, root)).append('\n');
            }
        }
        return out.toString();
    }

    /** Scopes a run of {@code selectors{declarations}} rules. */
    private static String rules(String text, String root) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) break;
            int close = text.indexOf('}', open);
            if (close < 0) throw new IllegalArgumentException("unbalanced rule: " + text.substring(i));
            String[] selectors = text.substring(i, open).split(",");
            for (int k = 0; k < selectors.length; k++) {
                String sel = selectors[k].strip();
                if (k > 0) out.append(',');
                out.append(sel.startsWith(root) ? sel : root + " " + sel);
            }
            out.append(text, open, close + 1);
            i = close + 1;
        }
        return out.toString();
    }
}
