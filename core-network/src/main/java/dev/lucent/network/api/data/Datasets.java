package dev.lucent.network.api.data;

import dev.lucent.network.data.CsvReader;
import dev.lucent.network.data.IdxReader;
import dev.lucent.network.data.ImageFolderReader;

import java.nio.file.Path;

/** Reading data files. Stateless; safe from any thread. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Reads a delimited text file ({@code .csv} or gzip-compressed, detected by content).
     *
     * @throws DataFormatException naming file, line, column and problem; no row is ever dropped silently
     */
    public static Dataset readCsv(Path file, CsvOptions options) throws DataFormatException {
        return new CsvReader(options).read(file);
    }

    /**
     * Reads an IDX image file and its label file (raw or gzip-compressed). Samples have shape {@code {1, h, w}}.
     *
     * @throws DataFormatException naming the file, byte offset and problem (bad magic number, wrong dimensions,
     *                             truncated or trailing data, label count not matching image count)
     */
    public static Dataset readIdx(Path images, Path labels, IdxOptions options) throws DataFormatException {
        return new IdxReader(options).read(images, labels);
    }

    /**
     * Reads a folder of images with one sub-folder per class (the folder's name is the class name), PNG or JPEG files
     * inside, all of one size. Samples have shape {@code {1, h, w}} when every image is grey, else {@code {3, h, w}}
     * (RGB); pixels scaled to [0, 1].
     *
     * @throws DataFormatException naming the file and problem (not an image, another size, a loose file, an empty
     *                             class folder, past a limit)
     */
    public static Dataset readImageFolder(Path folder, LoadLimits limits) throws DataFormatException {
        return new ImageFolderReader(limits).read(folder);
    }

    /**
     * When {@code file} (raw or gzip-compressed) starts with an IDX header (two NUL bytes), the number of dimensions it
     * declares (3 for images, 1 for labels; at least 1); 0 when it is not IDX (text never starts with two NUL bytes).
     */
    public static int idxDimensions(Path file) {
        return IdxReader.idxDimensions(file);
    }
}
