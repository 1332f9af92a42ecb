package dev.lucent.explain.api;

import java.util.List;

/** A table of text cells (confusion matrices, per-class metrics, data checks). */
public record Table(String title, Stage stage, List<String> columns, List<List<String>> rows, String note)
        implements Finding {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows)
            if (row.size() != columns.size())
                throw new IllegalArgumentException("row of " + row.size() + " cells under " + columns.size() + " columns");
    }
}
