package dev.lucent.explain.api;

import java.util.List;

/**
 * A table of text cells (confusion matrices, per-class metrics, data checks).
 *
 * @param emphasized the cells to set apart from the rest (the values a counterfactual changed), by row and column
 *                   index; empty for none. Since 2.1.
 */
public record Table(String title, Stage stage, List<String> columns, List<List<String>> rows, String note, List<Cell> emphasized)
        implements Finding {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows)
            if (row.size() != columns.size())
                throw new IllegalArgumentException("row of " + row.size() + " cells under " + columns.size() + " columns");
        emphasized = List.copyOf(emphasized);
        for (Cell c : emphasized)
            if (c.row() >= rows.size() || c.column() >= columns.size())
                throw new IllegalArgumentException("emphasized cell (" + c.row() + ", " + c.column() + ") outside a table of "
                        + rows.size() + " rows and " + columns.size() + " columns");
    }

    /** A table with no cell emphasized. */
    public Table(String title, Stage stage, List<String> columns, List<List<String>> rows, String note) {
        this(title, stage, columns, rows, note, List.of());
    }

    /** Whether the cell at {@code row}, {@code column} is emphasized. Since 2.1. */
    public boolean isEmphasized(int row, int column) {
        for (Cell c : emphasized) if (c.row() == row && c.column() == column) return true;
        return false;
    }

    /** One cell, by its row and column index (from 0; the header is not a row). Since 2.1. */
    public record Cell(int row, int column) {
        public Cell {
            if (row < 0 || column < 0) throw new IllegalArgumentException("a cell's row and column are at least 0, got " + row + ", " + column);
        }
    }
}
