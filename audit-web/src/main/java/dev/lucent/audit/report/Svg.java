package dev.lucent.audit.report;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.ImageHeatmap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Charts drawn on the server as inline SVG, so a report reads offline and prints: signed attribution bars,
 * heatmap overlays, line charts (learning, ROC, PR, reliability curves). All text is escaped.
 */
public final class Svg {
    static final String[] PALETTE = {"#1f5fa8", "#c2452d", "#2e8b57", "#8a5cc2", "#d48a00", "#4a4a4a"};
    static final String POS = "#1f5fa8", NEG = "#c2452d";

    private Svg() {
    }

    /** Horizontal bars from a zero line: positive right (blue), negative left (red); the largest |value| first. */
    public static String bars(FeatureAttribution a, int maxBars) {
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
        StringBuilder b = open(label + plot + 10, h, "Signed attributions: " + a.title());
        b.append("<line x1=\"").append(Html.xy(zero)).append("\" y1=\"4\" x2=\"").append(Html.xy(zero)).append("\" y2=\"")
                .append(h - 16).append("\" stroke=\"#888\"/>");
        int y = 6;
        for (int i : shown) {
            double val = Double.isNaN(v[i]) ? 0 : v[i];
            double w = Math.abs(val) / max * half;
            double x = val >= 0 ? zero : zero - w;
            String name = a.features().get(i);
            b.append("<text x=\"").append(label - 6).append("\" y=\"").append(y + 12).append("\" text-anchor=\"end\">")
                    .append(Html.esc(shorten(name, 30))).append("</text>");
            b.append("<rect x=\"").append(Html.xy(x)).append("\" y=\"").append(y + 2).append("\" width=\"").append(Html.xy(Math.max(w, 0.5)))
                    .append("\" height=\"").append(row - 5).append("\" fill=\"").append(val >= 0 ? POS : NEG).append("\"><title>")
                    .append(Html.esc(name)).append(": ").append(Html.num(v[i])).append("</title></rect>");
            if (u != null && !Double.isNaN(u[i]) && u[i] > 0) {
                double cx = val >= 0 ? zero + w : zero - w, ue = Math.abs(u[i]) / max * half;
                b.append("<line x1=\"").append(Html.xy(cx - ue)).append("\" x2=\"").append(Html.xy(cx + ue)).append("\" y1=\"")
                        .append(y + row / 2).append("\" y2=\"").append(y + row / 2).append("\" stroke=\"#222\"/>");
            }
            double du = u != null && !Double.isNaN(u[i]) ? Math.abs(u[i]) / max * half : 0;
            double tx = val >= 0 ? zero + w + du + 4 : zero - w - du - 4;
            b.append("<text x=\"").append(Html.xy(tx)).append("\" y=\"").append(y + 12).append("\" text-anchor=\"")
                    .append(val >= 0 ? "start" : "end").append("\" class=\"v\">").append(Html.esc(Html.num(v[i]))).append("</text>");
            y += row;
        }
        if (order.size() > shown.size())
            b.append("<text x=\"").append(label).append("\" y=\"").append(h - 4).append("\" class=\"v\">")
                    .append(order.size() - shown.size()).append(" smaller features not shown</text>");
        return b.append("</svg>").toString();
    }

    /** The image in grey with the heatmap over it: red for positive, blue for negative, opacity by magnitude. */
    public static String heatmap(ImageHeatmap m) {
        int hh = m.height(), ww = m.width();
        double cell = Math.max(2, Math.min(12, 280.0 / Math.max(hh, ww)));
        double[] v = m.values();
        double[] img = m.image();
        double max = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : v) if (!Double.isNaN(x)) max = Math.max(max, Math.abs(x));
        if (img != null) for (double x : img) if (!Double.isNaN(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        if (max == 0) max = 1;
        StringBuilder b = open((int) Math.ceil(ww * cell), (int) Math.ceil(hh * cell), "Heatmap: " + m.title());
        for (int r = 0; r < hh; r++)
            for (int c = 0; c < ww; c++) {
                int k = r * ww + c;
                String xs = Html.xy(c * cell), ys = Html.xy(r * cell), cs = Html.xy(cell + 0.05);
                if (img != null) {
                    double g = hi > lo ? (img[k] - lo) / (hi - lo) : 0;
                    int gv = (int) Math.round(255 * (Double.isNaN(g) ? 0 : g));
                    b.append("<rect x=\"").append(xs).append("\" y=\"").append(ys).append("\" width=\"").append(cs)
                            .append("\" height=\"").append(cs).append("\" fill=\"rgb(").append(gv).append(',').append(gv).append(',').append(gv).append(")\"/>");
                }
                double a = Double.isNaN(v[k]) ? 0 : Math.abs(v[k]) / max;
                if (a < 0.02) continue;
                b.append("<rect x=\"").append(xs).append("\" y=\"").append(ys).append("\" width=\"").append(cs).append("\" height=\"")
                        .append(cs).append("\" fill=\"").append(v[k] >= 0 ? "#e0301e" : "#1e5fe0").append("\" fill-opacity=\"")
                        .append(Html.xy(0.15 + 0.75 * a)).append("\"/>");
            }
        return b.append("</svg>").toString();
    }

    /**
     * Series on shared axes, with ticks, axis labels and a legend: as lines when their x values run one way (up or down),
     * else as points (a scatter, such as predicted against actual values).
     */
    public static String lines(Curve c) {
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
        StringBuilder b = open(W, H + legend, "Chart: " + c.title());
        double pw = W - L - R, ph = H - T - B;
        final double x0 = xmin, x1 = xmax, y0 = ymin, y1 = ymax;
        java.util.function.DoubleUnaryOperator sx = x -> L + (x - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator sy = y -> T + ph - (y - y0) / (y1 - y0) * ph;
        b.append("<rect x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(Html.xy(pw)).append("\" height=\"")
                .append(Html.xy(ph)).append("\" fill=\"none\" stroke=\"#999\"/>");
        for (int k = 0; k <= 4; k++) {
            double xv = x0 + (x1 - x0) * k / 4, yv = y0 + (y1 - y0) * k / 4;
            double px = sx.applyAsDouble(xv), py = sy.applyAsDouble(yv);
            b.append("<line x1=\"").append(Html.xy(px)).append("\" x2=\"").append(Html.xy(px)).append("\" y1=\"").append(T + ph)
                    .append("\" y2=\"").append(Html.xy(T + ph + 4)).append("\" stroke=\"#999\"/>");
            b.append("<text x=\"").append(Html.xy(px)).append("\" y=\"").append(Html.xy(T + ph + 16)).append("\" text-anchor=\"middle\" class=\"v\">")
                    .append(Html.esc(Html.num(xv))).append("</text>");
            b.append("<line x1=\"").append(L - 4).append("\" x2=\"").append(L).append("\" y1=\"").append(Html.xy(py)).append("\" y2=\"")
                    .append(Html.xy(py)).append("\" stroke=\"#999\"/>");
            b.append("<text x=\"").append(L - 6).append("\" y=\"").append(Html.xy(py + 4)).append("\" text-anchor=\"end\" class=\"v\">")
                    .append(Html.esc(Html.num(yv))).append("</text>");
        }
        b.append("<text x=\"").append(Html.xy(L + pw / 2)).append("\" y=\"").append(H - 6).append("\" text-anchor=\"middle\">")
                .append(Html.esc(c.xLabel())).append("</text>");
        b.append("<text transform=\"translate(12,").append(Html.xy(T + ph / 2)).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Html.esc(c.yLabel())).append("</text>");
        int si = 0;
        for (Curve.Series s : c.series()) {
            String color = PALETTE[si % PALETTE.length];
            double[] x = s.x(), y = s.y();
            StringBuilder pts = new StringBuilder();
            int n = 0;
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
                pts.append(Html.xy(sx.applyAsDouble(x[i]))).append(',').append(Html.xy(sy.applyAsDouble(y[i]))).append(' ');
                n++;
            }
            if (n > 1 && !monotone(x)) {
                // x that goes back (predicted against actual, residuals) is a scatter: a line joining its points would mean nothing
                for (String p : pts.toString().trim().split(" ")) {
                    String[] xy = p.split(",");
                    b.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2.5\" fill=\"")
                            .append(color).append("\" fill-opacity=\"0.6\"/>");
                }
            } else if (n == 1) {
                String[] p = pts.toString().trim().split(",");
                b.append("<circle cx=\"").append(p[0]).append("\" cy=\"").append(p[1]).append("\" r=\"3\" fill=\"").append(color).append("\"/>");
            } else if (n > 1) {
                b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"><title>").append(Html.esc(s.name())).append("</title></polyline>");
            }
            if (legend > 0) {
                int ly = H + 16 * si + 4;
                b.append("<rect x=\"").append(L).append("\" y=\"").append(ly).append("\" width=\"12\" height=\"10\" fill=\"").append(color).append("\"/>");
                b.append("<text x=\"").append(L + 18).append("\" y=\"").append(ly + 9).append("\">").append(Html.esc(shorten(s.name(), 60))).append("</text>");
            }
            si++;
        }
        return b.append("</svg>").toString();
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

    private static StringBuilder open(int w, int h, String label) {
        return new StringBuilder(2048).append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\">");
    }

    static String shorten(String s, int n) {
        if (s == null) return "";
        return s.length() > n ? s.substring(0, n - 1) + "…" : s;
    }
}
