package dev.lucent.network.data;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.LoadLimits;
import dev.lucent.network.api.data.Sha256;
import dev.lucent.network.api.data.SourceFile;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a folder of images kept the way people keep them: one sub-folder per class (its name is the class name),
 * PNG or JPEG files inside. Every image must have the same width and height; grey images give one channel, and if
 * any image has colour every image gives three (red, green, blue), grey ones repeated. Pixels are scaled to [0, 1]
 * like IDX. A file that is not a PNG or JPEG image, an image of another size, a loose file beside the class folders
 * or an empty class folder is refused naming the file: nothing is skipped. Sizes are read from the image header and
 * checked against {@link LoadLimits#maxCells()} before any pixel is decoded, so a tiny file declaring a huge image
 * cannot exhaust memory. The data set's SHA-256 covers every file's relative path and bytes, in sorted order.
 */
public final class ImageFolderReader {
    private final LoadLimits limits;

    public ImageFolderReader(LoadLimits limits) {
        this.limits = limits;
    }

    private record Entry(Path file, int label, int width, int height) {
    }

    public Dataset read(Path folder) throws DataFormatException {
        String name = folder.toString();
        if (!Files.isDirectory(folder)) throw DataFormatException.ofFile(name, "is not a folder of class folders");
        List<Path> classes = new ArrayList<>();
        for (Path p : list(folder)) {
            if (!Files.isDirectory(p))
                throw DataFormatException.ofFile(p.toString(), "is a file beside the class folders; an image folder holds"
                        + " one sub-folder per class and nothing else");
            classes.add(p);
        }
        if (classes.size() < 2)
            throw DataFormatException.ofFile(name, "needs at least two class folders (one sub-folder of images per class), found "
                    + classes.size());
        if (classes.size() > limits.maxClasses())
            throw DataFormatException.ofFile(name, classes.size() + " class folders, more than " + limits.maxClasses()
                    + " (LoadLimits.maxClasses)");
        MessageDigest sha = Sha256.digest();
        List<Entry> entries = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        long bytes = 0;
        int width = -1, height = -1;
        Path first = null;
        for (int c = 0; c < classes.size(); c++) {
            Path dir = classes.get(c);
            classNames.add(dir.getFileName().toString());
            List<Path> files = list(dir);
            if (files.isEmpty()) throw DataFormatException.ofFile(dir.toString(), "is an empty class folder: no images");
            for (Path f : files) {
                if (!Files.isRegularFile(f))
                    throw DataFormatException.ofFile(f.toString(), "is not an image file (a class folder holds PNG or JPEG files only)");
                int[] size = size(f);
                if (width < 0) {
                    width = size[0];
                    height = size[1];
                    first = f;
                } else if (size[0] != width || size[1] != height) {
                    throw DataFormatException.ofFile(f.toString(), "is " + size[0] + "x" + size[1] + " pixels but " + first + " is "
                            + width + "x" + height + "; every image in a data set must have the same size");
                }
                entries.add(new Entry(f, c, size[0], size[1]));
                if ((long) entries.size() * width * height > limits.maxCells())
                    throw DataFormatException.ofFile(name, "more than " + limits.maxCells() + " pixel values (LoadLimits.maxCells)");
            }
        }
        int n = entries.size(), plane = width * height;
        BufferedImage[] images = new BufferedImage[n];
        boolean colour = false;
        for (int i = 0; i < n; i++) {
            Path f = entries.get(i).file();
            byte[] content = readBytes(f);
            bytes += content.length;
            sha.update(folder.relativize(f).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content);
            BufferedImage img;
            try {
                img = ImageIO.read(new java.io.ByteArrayInputStream(content));
            } catch (IOException | RuntimeException e) {
                throw DataFormatException.ofFile(f.toString(), "is not a readable PNG or JPEG image: " + e.getMessage());
            }
            if (img == null) throw DataFormatException.ofFile(f.toString(), "is not a PNG or JPEG image");
            colour |= img.getColorModel().getNumColorComponents() > 1 && !isGrey(img);
            images[i] = img;
        }
        int channels = colour ? 3 : 1;
        if ((long) n * plane * channels > limits.maxCells())
            throw DataFormatException.ofFile(name, "more than " + limits.maxCells() + " pixel values (LoadLimits.maxCells)");
        float[] x = new float[n * plane * channels];
        int[] y = new int[n];
        int[] record = new int[n];
        for (int i = 0; i < n; i++) {
            BufferedImage img = images[i];
            images[i] = null;
            int base = i * plane * channels;
            // A grey PNG's samples are read as stored: getRGB would convert them from the linear grey colour space to
            // sRGB (128 becomes about 186), which no other reader (PIL, torchvision) does.
            java.awt.image.Raster grey = greyRaster(img);
            int bits = grey == null ? 8 : grey.getSampleModel().getSampleSize(0);
            for (int r = 0; r < height; r++)
                for (int c = 0; c < width; c++) {
                    int rgb = grey == null ? img.getRGB(c, r) : greyAsRgb(grey.getSample(c, r, 0), bits);
                    int red = (rgb >> 16) & 0xff, green = (rgb >> 8) & 0xff, blue = rgb & 0xff;
                    if (channels == 1) {
                        x[base + r * width + c] = red / 255f;
                    } else {
                        x[base + r * width + c] = red / 255f;
                        x[base + plane + r * width + c] = green / 255f;
                        x[base + 2 * plane + r * width + c] = blue / 255f;
                    }
                }
            y[i] = entries.get(i).label();
            record[i] = i;
        }
        List<String> names = new ArrayList<>(plane * channels);
        for (int ch = 0; ch < channels; ch++)
            for (int r = 0; r < height; r++)
                for (int c = 0; c < width; c++)
                    names.add(channels == 1 ? "pixel(" + r + "," + c + ")" : "pixel(" + "RGB".charAt(ch) + "," + r + "," + c + ")");
        DatasetSchema schema = new DatasetSchema(names, "class", classNames, new int[]{channels, height, width});
        SourceFile source = new SourceFile(name, Sha256.hexOf(sha), bytes);
        return new Dataset(schema, Tensor.of(x, n, channels, height, width), y, null, record, new int[plane * channels],
                CsvOptions.Missing.ERROR, List.of(source));
    }

    /** Grey stored as colour (r == g == b everywhere) counts as grey. */
    private static boolean isGrey(BufferedImage img) {
        for (int r = 0; r < img.getHeight(); r++)
            for (int c = 0; c < img.getWidth(); c++) {
                int rgb = img.getRGB(c, r);
                int red = (rgb >> 16) & 0xff, green = (rgb >> 8) & 0xff, blue = rgb & 0xff;
                if (red != green || green != blue) return false;
            }
        return true;
    }

    /** Width and height from the header alone, refusing sizes past the limit before decoding. */
    private int[] size(Path f) throws DataFormatException {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext())
                throw DataFormatException.ofFile(f.toString(), "is not a PNG or JPEG image (a class folder holds images only)");
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                if (!format.equals("png") && !format.equals("jpeg"))
                    throw DataFormatException.ofFile(f.toString(), "is a " + format + " image; Lucent reads PNG and JPEG");
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h * 3 > limits.maxCells())
                    throw DataFormatException.ofFile(f.toString(), "declares " + w + "x" + h + " pixels, more than "
                            + limits.maxCells() + " values (LoadLimits.maxCells)");
                return new int[]{w, h};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw DataFormatException.ofFile(f.toString(), "is not a readable PNG or JPEG image: " + e.getMessage());
        }
    }

    private byte[] readBytes(Path f) throws DataFormatException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxInputBytes()) + 1);
            if (b.length > limits.maxInputBytes())
                throw DataFormatException.ofFile(f.toString(), "more than " + limits.maxInputBytes() + " bytes (LoadLimits.maxInputBytes)");
            return b;
        } catch (IOException e) {
            throw DataFormatException.ofFile(f.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private static List<Path> list(Path dir) throws DataFormatException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw DataFormatException.ofFile(dir.toString(), "cannot be listed: " + e.getMessage());
        }
    }

    /** The raster of a one-band grey image (8 or 16 bits), else null. */
    private static java.awt.image.Raster greyRaster(BufferedImage img) {
        java.awt.image.ColorModel cm = img.getColorModel();
        if (cm instanceof java.awt.image.IndexColorModel || img.getRaster().getNumBands() != 1
                || cm.getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_GRAY) return null;
        return img.getRaster();
    }

    /** A grey sample of {@code bits} bits as an opaque RGB value of that grey, 8 bits a channel. */
    private static int greyAsRgb(int sample, int bits) {
        int v = bits == 8 ? sample : (int) Math.round(sample * 255.0 / ((1 << bits) - 1));
        return 0xff000000 | v << 16 | v << 8 | v;
    }
}
