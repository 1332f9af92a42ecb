package dev.lucent.audit.cli;

import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import java.util.List;
import java.util.Locale;

/**
 * Every explainer's declared parameters as {@code lucent explainers --params} prints them: for a terminal, or as the
 * Markdown that {@code docs/explainers.md} carries (a test keeps that copy in step with the code).
 */
public final class ParameterTable {

    private ParameterTable() {
    }

    /** One block per explainer, one line per parameter. */
    public static String text(List<ExplainerInfo> explainers) {
        StringBuilder b = new StringBuilder();
        for (ExplainerInfo e : explainers) {
            b.append(e.id()).append(" (").append(e.name()).append(")\n");
            if (e.parameters().isEmpty()) b.append("  no parameters: any parameter given to it is refused\n");
            for (Parameter p : e.parameters())
                b.append(String.format(Locale.ROOT, "  %-22s %-14s %-22s default %s: %s%n", p.name(), p.type().words(), p.range(),
                        p.defaultValue(), p.meaning()));
        }
        return b.toString();
    }

    /** A Markdown section per explainer with its table, in the order given. */
    public static String markdown(List<ExplainerInfo> explainers) {
        StringBuilder b = new StringBuilder();
        for (ExplainerInfo e : explainers) {
            b.append("### `").append(e.id()).append("` (").append(cell(e.name())).append(")\n\n");
            if (e.parameters().isEmpty()) {
                b.append("No parameters: any parameter given to it is refused.\n\n");
                continue;
            }
            b.append("| parameter | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
            for (Parameter p : e.parameters())
                b.append("| `").append(p.name()).append("` | ").append(p.type().words()).append(" | ").append(cell(p.defaultValue()))
                        .append(" | ").append(cell(p.range())).append(" | ").append(cell(p.meaning())).append(" |\n");
            b.append('\n');
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
