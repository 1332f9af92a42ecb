package dev.lucent.explain.api;

import java.util.List;

/** One or more named x/y series on shared axes (learning curves, ROC, reliability diagrams...). */
public record Curve(String title, Stage stage, String xLabel, String yLabel, List<Series> series, String note)
        implements Finding {
    public Curve {
        series = List.copyOf(series);
    }

    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x but " + y.length + " y");
            x = x.clone();
            y = y.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }
}
