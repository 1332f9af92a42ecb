package dev.lucent.network.api.data;

/**
 * A file a data set was read from, for provenance.
 *
 * @param name   the file name as given (path)
 * @param sha256 lower-case hex SHA-256 of the file's bytes as stored (compressed bytes for .gz)
 * @param bytes  the file's size as stored
 */
public record SourceFile(String name, String sha256, long bytes) {
}
