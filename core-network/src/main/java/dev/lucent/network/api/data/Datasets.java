package dev.lucent.network.api.data;

import dev.lucent.network.data.CsvReader;
import dev.lucent.network.data.IdxReader;

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
}
