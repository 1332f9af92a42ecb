package dev.lucent.audit.web.upload;

import dev.lucent.network.api.data.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.fileupload.FileUploadBase;
import org.apache.commons.fileupload.MultipartStream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Uploaded models and data sets, under {@code <data>/uploads/<kind>/<generated id>.<ext>} with a
 * {@code .properties} file beside each. The name a browser sends is only displayed (through th:text) and
 * used to pick the type from a fixed list; it never becomes part of a path.
 *
 * <p>Size limits hold before the body is read (Content-Length) and while it is read (a counting stream): an
 * oversized upload gets 413 and leaves nothing on disk.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = UploadStore.class)
public final class UploadStore {

    /** What was uploaded, with the file types each kind accepts. */
    public enum Kind {
        MODEL("models", Set.of("onnx", "lucent")),
        DATASET("datasets", Set.of("csv", "zip")),
        /** A sealed report written elsewhere, held only while it is imported into the journal. */
        REPORT("reports", Set.of("json"));

        final String folder;
        final Set<String> extensions;

        Kind(String folder, Set<String> extensions) {
            this.folder = folder;
            this.extensions = extensions;
        }

        public Set<String> extensions() {
            return extensions;
        }
    }

    /** A stored upload. {@code originalName} is display text only. */
    public record Stored(String id, Kind kind, String originalName, String extension, long size, String sha256,
                         String uploadedBy, Instant uploaded, Path file) {
        /**
         * What train and audit read: the file itself, or for a zipped data set (images in a folder per class, or an
         * IDX pair) the folder it was unpacked into when it was uploaded.
         */
        public Path dataPath() {
            return extension.equals("zip") && file != null ? file.resolveSibling(id + ".d") : file;
        }
    }

    /** A received upload: the stored file and the form's other fields. */
    public record Received(Stored stored, Map<String, String> fields) {
    }

    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    static final int MAX_FIELD_BYTES = 16 * 1024;
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_PART_HEADER_BYTES = 16 * 1024;
    static final int MAX_FIELDS = 32;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern DISPOSITION_NAME = Pattern.compile("(?i)[;\\s]name=\"([^\"]*)\"");
    private static final Pattern DISPOSITION_FILENAME = Pattern.compile("(?i)[;\\s]filename=\"([^\"]*)\"");

    private final Path root;
    private final long maxBytes;

    @Activate
    public UploadStore(BundleContext context) {
        this(Path.of(Optional.ofNullable(context.getProperty("lucent.data")).orElse("lucent-data")).toAbsolutePath().normalize(),
                parseMax(context.getProperty("lucent.upload.maxBytes")));
    }

    public UploadStore(Path data, long maxBytes) {
        this.root = data.resolve("uploads");
        this.maxBytes = maxBytes;
    }

    static long parseMax(String s) {
        if (s == null || s.isBlank()) return DEFAULT_MAX_BYTES;
        long v = Long.parseLong(s.trim());
        if (v < 1024) throw new IllegalArgumentException("lucent.upload.maxBytes must be at least 1024, got " + v);
        return v;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Receives a {@code multipart/form-data} body with one file part named {@code file} and small text fields.
     *
     * @param contentLength the declared length, or -1 when the body is chunked
     */
    public Received receive(Kind kind, String contentType, long contentLength, InputStream body, String user)
            throws UploadException {
        if (contentLength > maxBytes)
            throw new UploadException(413, "the upload has " + contentLength + " bytes; the limit is " + maxBytes);
        byte[] boundary = boundary(contentType);
        Path incoming = root.resolve(".incoming");
        Path part = null;
        try {
            Files.createDirectories(incoming);
            LimitedInputStream limited = new LimitedInputStream(body, maxBytes);
            MultipartStream multipart = new MultipartStream(limited, boundary, 64 * 1024, null);
            // the library's 512-byte default refused file names of about 400 bytes; long names are cut below instead
            multipart.setPartHeaderSizeMax(MAX_PART_HEADER_BYTES);
            multipart.setHeaderEncoding(StandardCharsets.UTF_8.name());
            Map<String, String> fields = new LinkedHashMap<>();
            String originalName = null;
            String sha256 = null;
            long size = 0;
            boolean next = multipart.skipPreamble();
            while (next) {
                String headers = multipart.readHeaders();
                String name = match(DISPOSITION_NAME, headers);
                String filename = match(DISPOSITION_FILENAME, headers);
                if (name == null) throw new UploadException(400, "a form part has no name");
                if (filename != null) {
                    if (!name.equals("file") || part != null)
                        throw new UploadException(400, "one file is expected, in the field 'file'");
                    part = Files.createTempFile(incoming, "upload-", ".part");
                    MessageDigest digest = Sha256.digest();
                    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                        size = multipart.readBodyData(out);
                    }
                    sha256 = HexFormat.of().formatHex(digest.digest());
                    originalName = displayName(filename);
                } else {
                    if (fields.size() >= MAX_FIELDS) throw new UploadException(400, "too many form fields");
                    ByteArrayOutputStream value = new ByteArrayOutputStream();
                    multipart.readBodyData(new BoundedOutput(value, MAX_FIELD_BYTES, name));
                    fields.put(name, value.toString(StandardCharsets.UTF_8));
                }
                next = multipart.readBoundary();
            }
            if (part == null || originalName == null) throw new UploadException(400, "no file was chosen");
            if (size == 0) throw new UploadException(400, "the file " + originalName + " is empty");
            String ext = extension(originalName);
            if (!kind.extensions.contains(ext))
                throw new UploadException(415, "'" + originalName + "' is not a " + String.join(" or ", kind.extensions.stream().sorted().map(e -> "." + e).toList()) + " file");
            Stored stored = new Stored(UUID.randomUUID().toString(), kind, originalName, ext, size, sha256,
                    user, Instant.now(), null);
            Path target = fileOf(kind, stored.id(), ext);
            Files.createDirectories(target.getParent());
            writeMeta(stored);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            return new Received(withFile(stored), Map.copyOf(fields));
        } catch (LimitedInputStream.TooLargeException e) {
            throw new UploadException(413, e.getMessage());
        } catch (MultipartStream.MalformedStreamException e) {
            throw new UploadException(400, "the upload is not a well-formed multipart body: " + e.getMessage());
        } catch (IOException e) {
            // MultipartStream wraps the counting stream's exception in its own
            if (causedByTooLarge(e)) throw new UploadException(413, "the upload is larger than the limit of " + maxBytes + " bytes");
            if (e instanceof FileUploadBase.FileUploadIOException)
                throw new UploadException(400, "a form part's headers (the file name) are longer than " + MAX_PART_HEADER_BYTES + " bytes");
            throw new UploadException(400, "the upload broke off: " + e.getMessage());
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // the .incoming folder is cleared at the next start
                }
            }
        }
    }

    private static boolean causedByTooLarge(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof LimitedInputStream.TooLargeException) return true;
        return false;
    }

    /** Output for a text field that refuses to grow past a bound. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream out;
        private final int bound;
        private final String name;

        BoundedOutput(ByteArrayOutputStream out, int bound, String name) {
            this.out = out;
            this.bound = bound;
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (out.size() + len > bound) throw new IOException("the form field '" + name + "' is longer than " + bound + " bytes");
            out.write(b, off, len);
        }
    }

    static byte[] boundary(String contentType) throws UploadException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data"))
            throw new UploadException(415, "an upload must be sent as multipart/form-data");
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) throw new UploadException(400, "the multipart content type has no boundary");
        return (m.group(1) != null ? m.group(1) : m.group(2)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String match(Pattern p, String headers) {
        Matcher m = p.matcher(";" + headers);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The last segment of a browser-sent file name, control and bidi-control characters removed (U+202E would
     * show "evil\u202Ecsv.exe" as "evilexe.csv"), at most {@value #MAX_NAME_CHARS} characters: a longer name keeps
     * its beginning and its extension, so its type is still read from it.
     */
    static String displayName(String filename) {
        String s = filename.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\u200E\u200F\u202A-\u202E\u2066-\u2069]", "").strip();
        if (s.length() > MAX_NAME_CHARS) {
            int dot = s.lastIndexOf('.');
            String ext = dot >= 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
            int end = MAX_NAME_CHARS - ext.length();
            if (Character.isHighSurrogate(s.charAt(end - 1))) end--; // never half a character
            s = s.substring(0, end) + ext;
        }
        return s.isEmpty() ? "unnamed" : s;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private Path folder(Kind kind) {
        return root.resolve(kind.folder);
    }

    /** The stored file for a generated id; anything but a generated id is refused. */
    private Path fileOf(Kind kind, String id, String ext) {
        if (!ID.matcher(id).matches() || !kind.extensions.contains(ext)) throw new IllegalArgumentException("not an upload id: " + id);
        Path p = folder(kind).resolve(id + "." + ext).normalize();
        if (!p.getParent().equals(folder(kind))) throw new IllegalStateException("upload path escaped its folder: " + p);
        return p;
    }

    private Stored withFile(Stored s) {
        return new Stored(s.id(), s.kind(), s.originalName(), s.extension(), s.size(), s.sha256(), s.uploadedBy(),
                s.uploaded(), fileOf(s.kind(), s.id(), s.extension()));
    }

    private void writeMeta(Stored s) throws IOException {
        Properties p = new Properties();
        p.setProperty("originalName", s.originalName());
        p.setProperty("extension", s.extension());
        p.setProperty("size", Long.toString(s.size()));
        p.setProperty("sha256", s.sha256());
        p.setProperty("uploadedBy", s.uploadedBy() == null ? "" : s.uploadedBy());
        p.setProperty("uploaded", s.uploaded().toString());
        try (Writer w = Files.newBufferedWriter(folder(s.kind()).resolve(s.id() + ".properties"), StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
    }

    /** Writes a file into a path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path target) throws IOException;
    }

    /**
     * Stores a file Lucent made itself (a trained model) the same way as an upload: generated name, hash and
     * metadata; {@code displayName} is text only.
     */
    public Stored storeMade(Kind kind, String extension, String displayName, String user, FileWriter writer) throws IOException {
        if (!kind.extensions.contains(extension)) throw new IllegalArgumentException("not a " + kind + " type: " + extension);
        Path incoming = root.resolve(".incoming");
        Files.createDirectories(incoming);
        Path part = Files.createTempFile(incoming, "made-", ".part");
        try {
            writer.write(part);
            Stored stored = new Stored(UUID.randomUUID().toString(), kind, displayName(displayName), extension, Files.size(part),
                    Sha256.hex(part), user, Instant.now(), null);
            Path target = fileOf(kind, stored.id(), extension);
            Files.createDirectories(target.getParent());
            writeMeta(stored);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return withFile(stored);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Removes a stored upload and its metadata (an upload found unusable); false when there was none. */
    public boolean delete(Kind kind, String id) throws IOException {
        Optional<Stored> s = find(kind, id);
        if (s.isEmpty()) return false;
        Files.deleteIfExists(folder(kind).resolve(id + ".properties")); // first: a file without metadata is never listed
        Files.deleteIfExists(s.get().file());
        Path unpacked = s.get().dataPath();
        if (!unpacked.equals(s.get().file()) && Files.isDirectory(unpacked))
            try (Stream<Path> all = Files.walk(unpacked)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        return true;
    }

    /** A stored upload by its generated id. */
    public Optional<Stored> find(Kind kind, String id) {
        if (id == null || !ID.matcher(id).matches()) return Optional.empty();
        Path meta = folder(kind).resolve(id + ".properties");
        if (!Files.isRegularFile(meta)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
            Stored s = new Stored(id, kind, p.getProperty("originalName"), p.getProperty("extension"),
                    Long.parseLong(p.getProperty("size")), p.getProperty("sha256"), p.getProperty("uploadedBy"),
                    Instant.parse(p.getProperty("uploaded")), null);
            Stored withFile = withFile(s);
            return Files.isRegularFile(withFile.file()) ? Optional.of(withFile) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every stored upload of a kind, newest first. */
    public List<Stored> list(Kind kind) {
        List<Stored> all = new ArrayList<>();
        Path dir = folder(kind);
        if (!Files.isDirectory(dir)) return all;
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length()))
                    .forEach(id -> find(kind, id).ifPresent(all::add));
        } catch (IOException e) {
            return all;
        }
        all.sort(Comparator.comparing(Stored::uploaded).reversed());
        return all;
    }
}
