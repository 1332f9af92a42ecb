package dev.lucent.audit.report;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.ImageHeatmap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The geometry of the report's charts, computed on the server: signed attribution bars, heatmap overlays with
 * their colour scale, line charts (learning, ROC, PR, reliability curves). {@code templates/report/charts.html}
 * draws it as inline SVG (Thymeleaf escapes every text), so a report reads offline and prints; the PDF draws the
 * same SVG through {@link PdfSvg}. Coordinates are strings already formatted for SVG.
 */
public final class Charts {
    static final String[] PALETTE = {"#1f5fa8", "#c2452d", "#2e8b57", "#8a5cc2", "#d48a00", "#4a4a4a"};
    static final String POS = "#1f5fa8", NEG = "#c2452d";
    /** Heatmap colours: red where the value raises the explained class score, blue where it lowers it. */
    static final String RAISES = "#e0301e", LOWERS = "#1e5fe0";
    /** Legend swatches per side of zero. */
    private static final int STEPS = 8;

    private Charts() {
    }

    /** A text at a point, anchored start, middle or end. */
    public record Label(String x, String y, String anchor, String text) {
    }

    /** A straight line. */
    public record Rule(String x1, String y1, String x2, String y2) {
    }

    /** A filled rectangle; {@code opacity} and {@code tip} (its tooltip) may be null. */
    public record Box(String x, String y, String width, String height, String fill, String opacity, String tip) {
    }

    /** Signed bars from a zero line. */
    public record Bars(int width, int height, String label, Rule zero, List<Bar> bars, Label more) {
    }

    /** One feature's bar: its name, the bar, its uncertainty (or null) and its value. */
    public record Bar(Label name, Box bar, Rule error, Label value) {
    }

    /** An image in grey with the values over it, and the colour scale that reads them. */
    public record Heatmap(int width, int height, String label, List<Box> cells, Legend legend) {
    }

    /**
     * The colour scale: swatches from the most negative to the most positive value the colours can show, tick
     * labels, what the colours mean, and the range of the values drawn.
     */
    public record Legend(List<Box> swatches, List<Label> ticks, String meaning, String range) {
    }

    /** Series on shared axes. */
    public record Lines(int width, int height, String label, Box frame, List<Rule> ticks, List<Label> tickLabels, Label xTitle,
                        String yTitleAt, String yTitle, List<Line> series, List<Key> keys) {
    }

    /**
     * One series: a polyline per run of finite points (a non-finite point breaks the line, so nothing is joined
     * across a gap), and a dot per point when the series is short enough for its points to be read one by one.
     */
    public record Line(String color, String name, List<String> runs, List<Dot> dots) {
    }

    public record Dot(String x, String y, String tip) {
    }

    /** A legend entry of a line chart. */
    public record Key(Box swatch, Label name) {
    }

    /** Horizontal bars from a zero line: positive right (blue), negative left (red); the largest |value| first. */
    public static Bars bars(FeatureAttribution a, int maxBars) {
        double[] v = a.values();
        double[] u = a.uncertainty();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < v.length; i++) order.add(i);
        order.sort(Comparator.comparingDouble((Integer i) -> Double.isNaN(v[i]) ? -1 : -Math.abs(v[i])).thenComparing(i -> i));
        List<Integer> shown = order.subList(0, Math.min(maxBars, order.size()));
        double max = 0;
        boolean anyNeg = false;
        for (int i : shown) {
            double m = Math.abs(v[i]) + (u != null && !Double.isNaN(u[i]) ? Math.abs(u[i]) : 0);
            if (!Double.isNaN(m)) max = Math.max(max, m);
            if (v[i] < 0) anyNeg = true;
        }
        if (max == 0) max = 1;
        int label = 190, plot = 340, row = 18, h = shown.size() * row + 24;
        double zero = anyNeg ? label + plot / 2.0 : label;
        double half = anyNeg ? plot / 2.0 - 40 : plot - 60;
        List<Bar> bars = new ArrayList<>();
        int y = 6;
        for (int i : shown) {
            double val = Double.isNaN(v[i]) ? 0 : v[i];
            double w = Math.abs(val) / max * half;
            double x = val >= 0 ? zero : zero - w;
            String name = a.features().get(i);
            Rule error = null;
            if (u != null && !Double.isNaN(u[i]) && u[i] > 0) {
                double cx = val >= 0 ? zero + w : zero - w, ue = Math.abs(u[i]) / max * half;
                error = new Rule(xy(cx - ue), xy(y + row / 2.0), xy(cx + ue), xy(y + row / 2.0));
            }
            double du = u != null && !Double.isNaN(u[i]) ? Math.abs(u[i]) / max * half : 0;
            double tx = val >= 0 ? zero + w + du + 4 : zero - w - du - 4;
            bars.add(new Bar(new Label(xy(label - 6), xy(y + 12), "end", shorten(name, 30)),
                    new Box(xy(x), xy(y + 2), xy(Math.max(w, 0.5)), xy(row - 5), val >= 0 ? POS : NEG, null, name + ": " + Html.num(v[i])),
                    error, new Label(xy(tx), xy(y + 12), val >= 0 ? "start" : "end", Html.num(v[i]))));
            y += row;
        }
        Label more = order.size() > shown.size()
                ? new Label(xy(label), xy(h - 4), "start", (order.size() - shown.size()) + " smaller features not shown") : null;
        return new Bars(label + plot + 10, h, "Signed attributions: " + a.title(),
                new Rule(xy(zero), "4", xy(zero), xy(h - 16)), bars, more);
    }

    /**
     * The image in grey with the heatmap over it: red where a value raises the class score, blue where it lowers it,
     * opacity by magnitude; under it the colour scale with its ends and the values' range.
     */
    public static Heatmap heatmap(ImageHeatmap m) {
        int hh = m.height(), ww = m.width();
        double cell = Math.max(2, Math.min(12, 280.0 / Math.max(hh, ww)));
        double[] v = m.values();
        double[] img = m.image();
        double max = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, vmin = Double.POSITIVE_INFINITY,
                vmax = Double.NEGATIVE_INFINITY;
        for (double x : v)
            if (!Double.isNaN(x)) {
                max = Math.max(max, Math.abs(x));
                vmin = Math.min(vmin, x);
                vmax = Math.max(vmax, x);
            }
        if (img != null) for (double x : img) if (!Double.isNaN(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        double scale = max == 0 ? 1 : max;
        List<Box> cells = new ArrayList<>();
        String cs = xy(cell + 0.05);
        for (int r = 0; r < hh; r++)
            for (int c = 0; c < ww; c++) {
                int k = r * ww + c;
                String xs = xy(c * cell), ys = xy(r * cell);
                if (img != null) {
                    double g = hi > lo ? (img[k] - lo) / (hi - lo) : 0;
                    int gv = (int) Math.round(255 * (Double.isNaN(g) ? 0 : g));
                    cells.add(new Box(xs, ys, cs, cs, "rgb(" + gv + "," + gv + "," + gv + ")", null, null));
                }
                double a = Double.isNaN(v[k]) ? 0 : Math.abs(v[k]) / scale;
                if (a < 0.02) continue;
                cells.add(new Box(xs, ys, cs, cs, v[k] >= 0 ? RAISES : LOWERS, opacity(a), null));
            }
        int mapW = (int) Math.ceil(ww * cell), mapH = (int) Math.ceil(hh * cell);
        boolean signed = vmin < 0;
        // the scale: swatches drawn exactly as cells of that value are, from -max (or 0) to +max
        int legendW = 240, top = mapH + 8, sw = 12;
        int n = signed ? 2 * STEPS + 1 : STEPS + 1;
        double step = (double) legendW / n;
        List<Box> swatches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = signed ? (i - STEPS) / (double) STEPS : i / (double) STEPS; // value / max
            double a = Math.abs(t);
            String x = xy(i * step);
            swatches.add(new Box(x, xy(top), xy(step + 0.05), xy(sw), "#ffffff", null, null));
            if (a >= 0.02) swatches.add(new Box(x, xy(top), xy(step + 0.05), xy(sw), t >= 0 ? RAISES : LOWERS, opacity(a), null));
        }
        String ty = xy(top + sw + 12);
        List<Label> ticks = new ArrayList<>();
        ticks.add(new Label("0", ty, "start", signed ? Html.num(-max) : "0"));
        if (signed) ticks.add(new Label(xy(legendW / 2.0), ty, "middle", "0"));
        ticks.add(new Label(xy(legendW), ty, "end", Html.num(max)));
        String meaning = max == 0 && img != null ? "The image alone: no values are drawn over it."
                : m.colourScale() != null
                ? "Colour scale: " + m.colourScale() + "; the stronger the colour, the larger " + (signed ? "|value|." : "the value.")
                : signed ? "Colour scale: red raises the class score, blue lowers it; the stronger the colour, the larger |value|."
                : "Colour scale: red raises the class score (no value here lowers it); the stronger the colour, the larger the value.";
        String range = max == 0 ? (img != null ? "" : "All values are 0: nothing is coloured.")
                : "Values from " + Html.num(vmin) + " to " + Html.num(vmax) + "; the scale runs from " + (signed ? Html.num(-max) : "0")
                + " to " + Html.num(max) + ", and |values| under 2% of " + Html.num(max) + " are left uncoloured.";
        return new Heatmap(Math.max(mapW, legendW), top + sw + 16, "Heatmap: " + m.title(), cells,
                new Legend(swatches, ticks, meaning, range));
    }

    private static String opacity(double a) {
        return xy(0.15 + 0.75 * Math.min(1, a));
    }

    /**
     * Series on shared axes, with ticks, axis titles and a legend: as lines when their x values run one way (up or
     * down), else as points (a scatter, such as predicted against actual values).
     */
    public static Lines lines(Curve c) {
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY, ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        for (Curve.Series s : c.series()) {
            double[] x = s.x(), y = s.y();
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
                xmin = Math.min(xmin, x[i]);
                xmax = Math.max(xmax, x[i]);
                ymin = Math.min(ymin, y[i]);
                ymax = Math.max(ymax, y[i]);
            }
        }
        if (xmin > xmax) { xmin = 0; xmax = 1; ymin = 0; ymax = 1; }
        if (xmin == xmax) { xmin -= 0.5; xmax += 0.5; }
        if (ymin == ymax) { ymin -= 0.5; ymax += 0.5; }
        if (ymin > 0 && ymin < 0.35 * ymax) ymin = 0;
        int W = 460, H = 280, L = 56, R = 12, T = 12, B = 44;
        int legend = c.series().size() > 1 ? 16 * c.series().size() : 0;
        double pw = W - L - R, ph = H - T - B;
        final double x0 = xmin, x1 = xmax, y0 = ymin, y1 = ymax;
        DoubleUnaryOperator sx = x -> L + (x - x0) / (x1 - x0) * pw;
        DoubleUnaryOperator sy = y -> T + ph - (y - y0) / (y1 - y0) * ph;
        List<Rule> ticks = new ArrayList<>();
        List<Label> tickLabels = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            double xv = x0 + (x1 - x0) * k / 4, yv = y0 + (y1 - y0) * k / 4;
            double px = sx.applyAsDouble(xv), py = sy.applyAsDouble(yv);
            ticks.add(new Rule(xy(px), xy(T + ph), xy(px), xy(T + ph + 4)));
            tickLabels.add(new Label(xy(px), xy(T + ph + 16), "middle", Html.num(xv)));
            ticks.add(new Rule(xy(L - 4), xy(py), xy(L), xy(py)));
            tickLabels.add(new Label(xy(L - 6), xy(py + 4), "end", Html.num(yv)));
        }
        List<Line> series = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        int si = 0;
        for (Curve.Series s : c.series()) {
            String color = PALETTE[si % PALETTE.length];
            double[] x = s.x(), y = s.y();
            List<String> runs = new ArrayList<>();
            List<Dot> dots = new ArrayList<>();
            List<Dot> run = new ArrayList<>();
            int finite = 0;
            for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(y[i])) finite++;
            if (finite > 1 && !monotone(x)) {
                // x that goes back (predicted against actual, residuals) is a scatter: a line joining its points would mean nothing
                for (int i = 0; i < x.length; i++)
                    if (Double.isFinite(x[i]) && Double.isFinite(y[i]))
                        dots.add(new Dot(xy(sx.applyAsDouble(x[i])), xy(sy.applyAsDouble(y[i])), s.name() + ": " + Html.num(x[i]) + ", " + Html.num(y[i])));
                finite = -1; // drawn: the line pass below adds nothing
            }
            for (int i = 0; finite >= 0 && i <= x.length; i++) {
                boolean ok = i < x.length && Double.isFinite(x[i]) && Double.isFinite(y[i]);
                if (ok) {
                    Dot d = new Dot(xy(sx.applyAsDouble(x[i])), xy(sy.applyAsDouble(y[i])), s.name() + ": " + Html.num(x[i]) + ", " + Html.num(y[i]));
                    run.add(d);
                    if (finite <= 20) dots.add(d);
                    continue;
                }
                // a gap (or the end): the run so far is one line; a lone point is a dot, never joined to another
                if (run.size() == 1 && finite > 20) dots.add(run.get(0));
                if (run.size() > 1) runs.add(String.join(" ", run.stream().map(d -> d.x() + "," + d.y()).toList()));
                run.clear();
            }
            series.add(new Line(color, s.name(), runs, dots));
            if (legend > 0) {
                int ly = H + 16 * si + 4;
                keys.add(new Key(new Box(Integer.toString(L), Integer.toString(ly), "12", "10", color, null, null),
                        new Label(Integer.toString(L + 18), Integer.toString(ly + 9), "start", shorten(s.name(), 60))));
            }
            si++;
        }
        return new Lines(W, H + legend, "Chart: " + c.title(), new Box(Integer.toString(L), Integer.toString(T), xy(pw), xy(ph), "none", null, null),
                ticks, tickLabels, new Label(xy(L + pw / 2), Integer.toString(H - 6), "middle", c.xLabel()),
                "translate(12," + xy(T + ph / 2) + ") rotate(-90)", c.yLabel(), series, keys);
    }

    /**
     * True when the finite x values never go back on themselves (all non-decreasing, or all non-increasing, as a
     * precision-recall curve's recall): a curve to join, not a cloud of points.
     */
    static boolean monotone(double[] x) {
        boolean up = true, down = true;
        double last = Double.NaN;
        for (double v : x) {
            if (!Double.isFinite(v)) continue;
            if (!Double.isNaN(last)) {
                if (v < last) up = false;
                if (v > last) down = false;
            }
            last = v;
        }
        return up || down;
    }

    /** A coordinate in SVG: two decimals, locale-independent. */
    static String xy(double v) {
        return Html.xy(v);
    }

    static String shorten(String s, int n) {
        if (s == null) return "";
        return s.length() > n ? s.substring(0, n - 1) + "…" : s;
    }
}
