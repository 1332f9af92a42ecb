package dev.lucent.explain.counterfactuals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.Standardizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Re-runs the model on every counterfactual as the report shows it: the row's CSV values with the shown changes put in. */
final class ReRun {
    private ReRun() {
    }

    private static final Pattern TITLE = Pattern.compile("Held-out row (\\d+) \\(true class .*\\): what makes the model decide (.*)");

    /** Checks each shown counterfactual; returns how many there were. */
    static int everyShownCounterfactual(List<Finding> findings, AuditContext context, float[][] testCsv, Standardizer st, List<String> features) {
        int checked = 0;
        List<String> classes = context.schema().classNames();
        for (Finding f : findings) {
            if (!(f instanceof Table t)) continue;
            Matcher m = TITLE.matcher(t.title());
            if (!m.matches()) continue;
            float[] row = testCsv[Integer.parseInt(m.group(1))];
            int target = classes.indexOf(m.group(2));
            assertTrue(target >= 0, t.title());
            for (int c = 2; c < t.columns().size(); c++) {
                float[] x = row.clone();
                for (List<String> cells : t.rows()) {
                    int j = features.indexOf(cells.get(0).replace(" (may only increase)", ""));
                    if (j >= 0) x[j] = (float) Double.parseDouble(cells.get(c));
                }
                float[] in = new float[x.length];
                for (int j = 0; j < x.length; j++) in[j] = st == null ? x[j] : (x[j] - st.mean()[j]) / st.std()[j];
                float[] p = context.model().probabilities(Tensor.of(in, 1, in.length))[0];
                int decided = 0;
                for (int k = 1; k < p.length; k++) if (p[k] > p[decided]) decided = k;
                assertEquals(target, decided, t.title() + ", " + t.columns().get(c) + ": the model, re-run on the shown values, decides "
                        + classes.get(decided) + " (p = " + p[decided] + ")");
                checked++;
            }
        }
        return checked;
    }
}
