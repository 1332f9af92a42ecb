package dev.lucent.audit.report;

import com.openhtmltopdf.css.constants.IdentValue;
import com.openhtmltopdf.css.parser.FSRGBColor;
import com.openhtmltopdf.css.sheet.FontFaceRule;
import com.openhtmltopdf.css.style.CssContext;
import com.openhtmltopdf.css.value.FontSpecification;
import com.openhtmltopdf.extend.OutputDevice;
import com.openhtmltopdf.extend.SVGDrawer;
import com.openhtmltopdf.layout.SharedContext;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfBoxOutputDevice;
import com.openhtmltopdf.render.Box;
import com.openhtmltopdf.render.FSFont;
import com.openhtmltopdf.render.RenderingContext;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Draws the charts of templates/report/charts.html ({@link Charts}) into the PDF as vector graphics. It knows
 * exactly the vocabulary they use (rect, line, polyline, circle, text; fill, stroke, fill-opacity, text-anchor, translate), so no
 * general SVG engine (Batik, with its script engine and service lookups) has to live inside the bundle. Shapes
 * go through the renderer's Graphics2D; text is drawn as real PDF text with the report's own embedded font
 * (no AWT font lookup, which fails on machines without fontconfig), so a chart's labels can be searched and
 * extracted like the rest of the report; the one rotated label (a y axis title) is set upright in the chart's corner.
 * Anything outside that vocabulary is skipped, never interpreted.
 */
final class PdfSvg implements SVGDrawer {
    private static final Pattern TRANSFORM = Pattern.compile("(translate|rotate|scale)\\(([^)]*)\\)");
    private static final Pattern RGB = Pattern.compile("rgb\\((\\d+),(\\d+),(\\d+)\\)");

    private final String fontFamily;

    PdfSvg(String fontFamily) {
        this.fontFamily = fontFamily;
    }

    @Override
    public void importFontFaceRules(List<FontFaceRule> rules, SharedContext shared) {
        // the charts use the report's font only
    }

    @Override
    public void addFontFile(File file, String family, Integer weight, BaseRendererBuilder.FontStyle style) {
        // the charts use the report's font only
    }

    @Override
    public void close() {
    }

    @Override
    public SVGImage buildSVGImage(Element svg, Box box, CssContext c, double cssWidth, double cssHeight, double dotsPerPixel) {
        double w = number(svg.getAttribute("width"), 300), h = number(svg.getAttribute("height"), 150);
        if (cssWidth > 0 && cssHeight <= 0) { // keep the aspect ratio when CSS sets only the width
            h = h * cssWidth / dotsPerPixel / w;
            w = cssWidth / dotsPerPixel;
        }
        return new Chart(svg, box, w, h, number(svg.getAttribute("width"), 300), dotsPerPixel);
    }

    /** One chart: its size in CSS pixels, its own coordinate width, and the element to walk. */
    private final class Chart implements SVGImage {
        private final Element svg;
        private final Box box;
        private final double width, height, userWidth, dotsPerPixel;

        Chart(Element svg, Box box, double width, double height, double userWidth, double dotsPerPixel) {
            this.svg = svg;
            this.box = box;
            this.width = width;
            this.height = height;
            this.userWidth = userWidth;
            this.dotsPerPixel = dotsPerPixel;
        }

        @Override
        public int getIntrinsicWidth() {
            return (int) Math.round(width * dotsPerPixel);
        }

        @Override
        public int getIntrinsicHeight() {
            return (int) Math.round(height * dotsPerPixel);
        }

        @Override
        public void drawSVG(OutputDevice out, RenderingContext ctx, double x, double y) {
            Rectangle content = box.getContentAreaEdge(box.getAbsX(), box.getAbsY(), ctx);
            double shownWidth = content.width / dotsPerPixel;
            double scale = shownWidth / userWidth; // user units to CSS pixels
            List<Element> shapes = new ArrayList<>(), texts = new ArrayList<>();
            for (Node n = svg.getFirstChild(); n != null; n = n.getNextSibling())
                if (n instanceof Element e) (e.getTagName().equals("text") ? texts : shapes).add(e);
            out.drawWithGraphics((float) x, (float) y, (float) shownWidth, (float) (content.height / dotsPerPixel), g -> {
                g.scale(scale, scale);
                for (Element e : shapes) shape(g, e);
            });
            if (out instanceof PdfBoxOutputDevice pdf)
                for (Element t : texts) text(pdf, ctx, t, x, y, scale * dotsPerPixel);
        }
    }

    private static void shape(Graphics2D g, Element e) {
        String tag = e.getTagName();
        switch (tag) {
            case "rect" -> paint(g, e, new Rectangle2D.Double(num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height")));
            case "circle" -> {
                double r = num(e, "r");
                paint(g, e, new Ellipse2D.Double(num(e, "cx") - r, num(e, "cy") - r, 2 * r, 2 * r));
            }
            case "line" -> paint(g, e, new Line2D.Double(num(e, "x1"), num(e, "y1"), num(e, "x2"), num(e, "y2")));
            case "polyline" -> {
                String[] pts = e.getAttribute("points").trim().split("[\\s]+");
                Path2D.Double p = new Path2D.Double();
                boolean first = true;
                for (String pt : pts) {
                    String[] xy = pt.split(",");
                    if (xy.length != 2) continue;
                    double px = number(xy[0], Double.NaN), py = number(xy[1], Double.NaN);
                    if (Double.isNaN(px) || Double.isNaN(py)) continue;
                    if (first) p.moveTo(px, py);
                    else p.lineTo(px, py);
                    first = false;
                }
                if (!first) paint(g, e, p);
            }
            default -> {
                // not part of the charts' vocabulary: skipped
            }
        }
    }

    /** Fills (default black, as in SVG, unless "none") and strokes (only when given) one shape. */
    private static void paint(Graphics2D g, Element e, java.awt.Shape s) {
        Rectangle2D bounds = s.getBounds2D();
        if (!Double.isFinite(bounds.getX()) || !Double.isFinite(bounds.getY()) || !Double.isFinite(bounds.getWidth())
                || !Double.isFinite(bounds.getHeight())) return; // a PDF has no place at infinity
        Color fill = e.hasAttribute("fill") ? color(e.getAttribute("fill")) : (e.getTagName().equals("line") ? null : Color.BLACK);
        if (fill != null && !e.getTagName().equals("line")) {
            double opacity = e.hasAttribute("fill-opacity") ? number(e.getAttribute("fill-opacity"), 1) : 1;
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0, Math.min(1, opacity))));
            g.setColor(fill);
            g.fill(s);
            g.setComposite(AlphaComposite.SrcOver);
        }
        Color stroke = e.hasAttribute("stroke") ? color(e.getAttribute("stroke")) : null;
        if (stroke != null) {
            g.setStroke(new BasicStroke((float) (e.hasAttribute("stroke-width") ? number(e.getAttribute("stroke-width"), 1) : 1)));
            g.setColor(stroke);
            g.draw(s);
        }
    }

    /** A text element as real PDF text at its place, anchored as SVG says. */
    private void text(PdfBoxOutputDevice out, RenderingContext ctx, Element t, double x, double y, double dotsPerUnit) {
        String s = t.getTextContent();
        if (s == null || s.isBlank()) return;
        boolean small = java.util.List.of(t.getAttribute("class").split(" ")).contains("v"); // the class of values and ticks
        FontSpecification spec = new FontSpecification();
        spec.families = new String[]{fontFamily};
        spec.size = (float) ((small ? 10 : 11) * dotsPerUnit);
        spec.fontWeight = IdentValue.NORMAL;
        spec.fontStyle = IdentValue.NORMAL;
        spec.variant = IdentValue.NORMAL;
        FSFont font = ctx.getFont(spec);
        float width = ctx.getTextRenderer().getWidth(ctx.getFontContext(), font, s);
        AffineTransform place = transform(t.getAttribute("transform"));
        Point2D at = place.transform(new Point2D.Double(num(t, "x"), num(t, "y")), null);
        double shift = switch (t.getAttribute("text-anchor")) {
            case "end" -> width;
            case "middle" -> width / 2.0;
            default -> 0;
        };
        if (Math.abs(place.getShearY()) > 1e-9) {
            // a rotated label (the y axis title): the renderer places text only upright, so it is set
            // horizontally in the chart's top-left corner, above the axis it names
            at = new Point2D.Double(2, 9);
            shift = 0;
        }
        double px = x + at.getX() * dotsPerUnit - shift, py = y + at.getY() * dotsPerUnit;
        if (!Double.isFinite(px) || !Double.isFinite(py)) return; // a PDF has no place at infinity
        out.setFont(font);
        out.setColor(small ? new FSRGBColor(0x55, 0x55, 0x55) : new FSRGBColor(0x1d, 0x1d, 0x1f));
        out.drawString(s, (float) px, (float) py, null);
    }

    /** SVG's transform list (translate, rotate in degrees, scale), applied left to right. */
    static AffineTransform transform(String text) {
        AffineTransform a = new AffineTransform();
        if (text == null) return a;
        Matcher m = TRANSFORM.matcher(text);
        while (m.find()) {
            String[] v = m.group(2).trim().split("[\\s,]+");
            double p0 = number(v[0], 0), p1 = v.length > 1 ? number(v[1], Double.NaN) : Double.NaN;
            switch (m.group(1)) {
                case "translate" -> a.translate(p0, Double.isNaN(p1) ? 0 : p1);
                case "rotate" -> a.rotate(Math.toRadians(p0));
                default -> a.scale(p0, Double.isNaN(p1) ? p0 : p1);
            }
        }
        return a;
    }

    /** {@code #rrggbb}, {@code rgb(r,g,b)}, or null for "none" and anything else. */
    static Color color(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.matches("#[0-9a-f]{6}")) return new Color(Integer.parseInt(v.substring(1), 16));
        if (v.matches("#[0-9a-f]{3}"))
            return new Color(Integer.parseInt("" + v.charAt(1) + v.charAt(1) + v.charAt(2) + v.charAt(2) + v.charAt(3) + v.charAt(3), 16));
        Matcher m = RGB.matcher(v.replace(" ", ""));
        if (m.matches())
            return new Color(Math.min(255, Integer.parseInt(m.group(1))), Math.min(255, Integer.parseInt(m.group(2))),
                    Math.min(255, Integer.parseInt(m.group(3))));
        return null;
    }

    private static double num(Element e, String attribute) {
        return number(e.getAttribute(attribute), 0);
    }

    private static double number(String s, double fallback) {
        try {
            return s == null || s.isBlank() ? fallback : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
