package dev.lucent.audit.report;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Level;

/**
 * A report as PDF: the very document the HTML export is (ReportExports renders both from the same templates, so
 * the same escaping, the same signature section and public key), with a paged-media style sheet, laid out by
 * openhtmltopdf on PDFBox.
 * Charts are drawn as vectors by {@link PdfSvg}. Text uses one embedded TrueType font that ships inside PDFBox
 * (Liberation Sans), so neither system fonts nor the network are needed, and every character the font has is
 * real, extractable text. The renderer may fetch nothing: every external resource is refused.
 */
public final class ReportPdf {
    static final String FONT = "Lucent Sans";
    private static final String FONT_RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    static {
        // the renderer logs every page at INFO, and every CSS property it does not know (the report's style sheet
        // serves browsers too) as a warning: on the CLI's stderr only its errors are worth a line
        for (String logger : XRLog.listRegisteredLoggers()) XRLog.setLevel(logger, Level.SEVERE);
        // PDFBox would otherwise scan the machine's font folders (and write a cache into the user's home) to find
        // faces for the standard fonts the renderer registers; the report uses its embedded font only, so every
        // lookup is answered with that one face. PDFBox is this bundle's private copy: no one else is affected.
        FontMappers.set(new OneFace());
    }

    private ReportPdf() {
    }

    /** The PDF's bytes of the report's standalone document {@code html} (well-formed XML). */
    static byte[] render(String html) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // XML parser factories are looked up through the context class loader; inside OSGi it is a servlet
        // container's or nothing, so the bundle's own (which sees the JDK's parsers) is used for the run
        thread.setContextClassLoader(ReportPdf.class.getClassLoader());
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.withHtmlContent(html, null);
            b.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            b.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            b.useSVGDrawer(new PdfSvg(FONT));
            b.useFont(ReportPdf::font, FONT);
            b.withProducer("Lucent");
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the report as PDF: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return out.toByteArray();
    }

    private static InputStream font() {
        InputStream in = PdfRendererBuilder.class.getResourceAsStream(FONT_RESOURCE);
        if (in == null) throw new IllegalStateException(FONT_RESOURCE + " is missing from this build");
        return in;
    }

    /** Maps every font PDFBox looks up to the bundled Liberation Sans (metric-compatible with Helvetica/Arial). */
    private static final class OneFace implements FontMapper {
        private TrueTypeFont face;

        private synchronized TrueTypeFont face() {
            if (face == null) {
                try (InputStream in = font()) {
                    face = new TTFParser().parse(new RandomAccessReadBuffer(in.readAllBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the bundled font " + FONT_RESOURCE, e);
                }
            }
            return face;
        }

        // "not a fallback": the flag only makes PDFBox log a warning, and this face is the intended one
        @Override
        public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor descriptor) {
            return new FontMapping<>(face(), false);
        }

        @Override
        public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor descriptor) {
            return new FontMapping<>(face(), false);
        }

        @Override
        public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor descriptor, PDCIDSystemInfo info) {
            return new CIDFontMapping(null, face(), false);
        }
    }
}
