package dev.lucent.network.data;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.IdxOptions;
import dev.lucent.network.api.data.SourceFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an IDX image file and its label file (the MNIST / Fashion-MNIST format: big-endian header
 * {@code 0x00 0x00 type ndims}, then one 32-bit size per dimension, then unsigned bytes). The header is
 * validated, and for uncompressed files the declared size checked against the file's size, before any
 * buffer for the data is allocated.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;
    private final IdxOptions options;

    public IdxReader(IdxOptions options) {
        this.options = options;
    }

    public Dataset read(Path images, Path labels) throws DataFormatException {
        List<SourceFile> sources = new ArrayList<>();
        int[] imageDims;
        byte[] pixels;
        try (InputFile in = new InputFile(images, options.limits().maxInputBytes())) {
            imageDims = header(in, images, 3, "images");
            long count = (long) imageDims[0] * imageDims[1] * imageDims[2];
            if (count > options.limits().maxCells())
                throw DataFormatException.ofByte(in.name, 4, imageDims[0] + " images of " + imageDims[1] + "x" + imageDims[2]
                        + " are more than " + options.limits().maxCells() + " values (LoadLimits.maxCells)");
            pixels = body(in, images, 4 + 4L * 3, count);
            sources.add(in.finish());
        }
        byte[] labelBytes;
        try (InputFile in = new InputFile(labels, options.limits().maxInputBytes())) {
            int[] labelDims = header(in, labels, 1, "labels");
            if (labelDims[0] != imageDims[0])
                throw DataFormatException.ofByte(in.name, 4, "declares " + labelDims[0] + " labels but the image file "
                        + images + " declares " + imageDims[0] + " images");
            labelBytes = body(in, labels, 8, labelDims[0]);
            sources.add(in.finish());
        }
        int n = imageDims[0];
        int max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, labelBytes[i] & 0xff);
        List<String> classNames = options.classNames();
        if (classNames == null) {
            String[] generated = new String[Math.max(2, max + 1)];
            for (int c = 0; c < generated.length; c++) generated[c] = Integer.toString(c);
            classNames = List.of(generated);
        } else {
            for (int i = 0; i < n; i++)
                if ((labelBytes[i] & 0xff) >= classNames.size())
                    throw DataFormatException.ofByte(labels.toString(), 8 + i, "label " + (labelBytes[i] & 0xff)
                            + " of image " + i + " has no class name (" + classNames.size() + " given)");
        }
        int h = imageDims[1], w = imageDims[2];
        float[] value = new float[256]; // one division per byte value, not per pixel
        for (int v = 0; v < 256; v++) value[v] = v / options.divisor();
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) x[i] = value[pixels[i] & 0xff];
        int[] y = new int[n];
        int[] record = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labelBytes[i] & 0xff;
            record[i] = i;
        }
        String[] names = new String[h * w];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) names[r * w + c] = "pixel(" + r + "," + c + ")";
        DatasetSchema schema = new DatasetSchema(List.of(names), "label", classNames, new int[]{1, h, w});
        return new Dataset(schema, Tensor.of(x, n, 1, h, w), y, null, record, new int[h * w], CsvOptions.Missing.ERROR, sources);
    }

    /**
     * The number of dimensions the header declares (at least 1) when the file (raw or gzip-compressed) starts like an
     * IDX file, two NUL bytes, whatever its data type (the reader then names a type it does not take); else 0. Text
     * never starts with two NUL bytes, so this tells IDX from CSV.
     */
    public static int idxDimensions(Path file) {
        if (!Files.isRegularFile(file)) return 0;
        try (InputFile in = new InputFile(file, 4)) {
            byte[] b = new byte[4];
            int got = 0;
            while (got < 4) {
                int n = in.read(b, got, 4 - got);
                if (n <= 0) return 0;
                got += n;
            }
            return b[0] == 0 && b[1] == 0 ? Math.max(1, b[3] & 0xff) : 0;
        } catch (DataFormatException e) {
            return 0;
        }
    }

    /** Reads and checks magic and sizes; returns the dimensions. */
    private int[] header(InputFile in, Path path, int ndims, String what) throws DataFormatException {
        byte[] magic = readFully(in, 4, 0, "the 4-byte magic number");
        int m = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        int expected = (UBYTE << 8) | ndims;
        if (magic[0] != 0 || magic[1] != 0)
            throw DataFormatException.ofByte(in.name, 0, String.format("not an IDX file: magic number 0x%08x, expected 0x%08x for %s",
                    m, expected, what));
        if ((magic[2] & 0xff) != UBYTE)
            throw DataFormatException.ofByte(in.name, 2, String.format("IDX data type 0x%02x is not supported; %s must be unsigned bytes (0x08)",
                    magic[2] & 0xff, what));
        if ((magic[3] & 0xff) != ndims)
            throw DataFormatException.ofByte(in.name, 3, "an IDX " + what + " file has " + ndims + (ndims == 1 ? " dimension" : " dimensions")
                    + ", this one declares " + (magic[3] & 0xff) + (ndims == 3 ? " (is it a label file?)" : " (is it an image file?)"));
        byte[] d = readFully(in, 4 * ndims, 4, "the dimension sizes");
        int[] dims = new int[ndims];
        for (int k = 0; k < ndims; k++) {
            dims[k] = ((d[4 * k] & 0xff) << 24) | ((d[4 * k + 1] & 0xff) << 16) | ((d[4 * k + 2] & 0xff) << 8) | (d[4 * k + 3] & 0xff);
            if (dims[k] <= 0)
                throw DataFormatException.ofByte(in.name, 4 + 4L * k, "dimension " + (k + 1) + " size " + Integer.toUnsignedString(dims[k])
                        + " must be positive and below 2^31");
        }
        return dims;
    }

    private byte[] body(InputFile in, Path path, long headerBytes, long count) throws DataFormatException {
        // An uncompressed file must be exactly header + data; checked before allocating anything.
        if (!isGzip(path)) {
            long size;
            try {
                size = Files.size(path);
            } catch (java.io.IOException e) {
                throw DataFormatException.ofFile(in.name, "cannot read its size: " + e.getMessage());
            }
            if (size != headerBytes + count)
                throw DataFormatException.ofByte(in.name, Math.min(size, headerBytes + count), "the header declares "
                        + count + " data bytes after " + headerBytes + " header bytes, but the file has " + size + " bytes"
                        + (size < headerBytes + count ? " (truncated)" : " (trailing data)"));
        }
        byte[] data = readFully(in, (int) count, headerBytes, "the declared " + count + " data bytes");
        byte[] one = new byte[1];
        if (in.read(one, 0, 1) > 0)
            throw DataFormatException.ofByte(in.name, headerBytes + count, "trailing data after the declared " + count + " data bytes");
        return data;
    }

    private static boolean isGzip(Path path) throws DataFormatException {
        try (var s = Files.newInputStream(path)) {
            return s.read() == 0x1f && s.read() == 0x8b;
        } catch (java.io.IOException e) {
            throw DataFormatException.ofFile(path.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private static byte[] readFully(InputFile in, int n, long offset, String what) throws DataFormatException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0)
                throw DataFormatException.ofByte(in.name, offset + got, "the file ends after " + got + " of " + what
                        + " (truncated)");
            got += r;
        }
        return b;
    }
}
