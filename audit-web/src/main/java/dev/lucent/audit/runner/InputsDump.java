package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditException;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.Sha256;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import dev.lucent.network.api.training.ModelFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host's parsed inputs handed to its workers, so that no worker parses the model and the data again: one binary
 * file in the audit's work folder, written once by the host and streamed by every worker lane. The job records the
 * SHA-256 of the file's bytes; a worker refuses a dump whose bytes hash otherwise (damaged, truncated or swapped).
 * <p>
 * Layout, little-endian throughout: {@code "LUCENTIN"}, a version, the provenance strings, the model (a Lucent model
 * in its own file format, or the ONNX file's bytes and the output kind the host chose), the schema, then the splits
 * (train, test, their CSV-unit copies unless they are the same rows, the current data and its CSV-unit copy): each a name, its shape, its
 * labels or targets and its features as raw floats.
 */
public final class InputsDump {

    public static final String FILE = "inputs.bin";
    private static final byte[] MAGIC = "LUCENTIN".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    private static final byte LUCENT = 1, ONNX = 2;
    private static final byte ABSENT = 0, PRESENT = 1, SAME_AS_STANDARDIZED = 2;

    /** A written dump: where, and the SHA-256 of its bytes that the job records. */
    public record Written(Path file, String sha256, long bytes) {
    }

    private InputsDump() {
    }

    /** Writes the inputs to {@code folder}/{@value #FILE}. */
    public static Written write(AuditInputs.Prepared p, Path folder) throws IOException, AuditException {
        Path file = folder.resolve(FILE);
        try (Out out = new Out(file)) {
            out.bytes(MAGIC);
            out.ints(VERSION);
            for (String s : new String[] {p.modelFile().toString(), p.split(), p.modelSha256(), p.dataSha256(), p.testSha256(),
                    p.modelFormat(), p.currentSha256()})
                out.string(s);
            if (p.saved() != null) {
                out.bytes(LUCENT);
                out.array(ModelFile.toBytes(p.saved()));
            } else {
                byte[] onnx = Files.readAllBytes(p.modelFile());
                // the worker must run the model the provenance names, not a file replaced since the host read it
                if (!Sha256.hex(onnx).equals(p.modelSha256()))
                    throw new AuditException(p.modelFile() + ": the model file changed while the audit was starting; start it again");
                out.bytes(ONNX);
                out.string(p.model().outputKind().name());
                out.array(onnx);
            }
            DatasetSchema schema = p.schema();
            out.strings(schema.featureNames());
            out.string(schema.labelName());
            out.strings(schema.classNames());
            out.ints(schema.sampleShape().length);
            out.ints(schema.sampleShape());
            out.split(p.train());
            out.split(p.test());
            out.splitOrSame(p.trainInCsvUnits(), p.train());
            out.splitOrSame(p.testInCsvUnits(), p.test());
            out.splitOrSame(p.current(), null);
            if (p.current() != null) out.splitOrSame(p.currentInCsvUnits(), p.current());
            String sha = out.finish();
            return new Written(file, sha, Files.size(file));
        }
    }

    /**
     * Reads a dump, refusing it when its bytes do not hash to {@code sha256} (checked over every byte before anything
     * read is used, and before a parse error is reported: a damaged dump is named as such).
     */
    public static AuditInputs.Prepared read(Path file, String sha256) throws AuditException {
        try (In in = new In(file)) {
            try {
                AuditInputs.Prepared p = parse(in);
                in.end();
                check(in, file, sha256);
                return p;
            } catch (IOException | RuntimeException e) {
                in.drain();
                check(in, file, sha256);
                throw new AuditException(file + ": unreadable inputs dump: " + AuditInputs.oneLine(String.valueOf(e.getMessage())), e);
            }
        } catch (IOException e) {
            throw new AuditException(file + ": cannot read the inputs the host handed over: " + AuditInputs.oneLine(e.getMessage()), e);
        }
    }

    private static void check(In in, Path file, String expected) throws AuditException {
        String actual = in.sha256();
        if (!actual.equals(expected))
            throw new AuditException(file + ": the inputs dump's SHA-256 is " + actual + " but the job records " + expected
                    + "; the dump was changed or damaged after the host wrote it, so the worker refuses it");
    }

    private static AuditInputs.Prepared parse(In in) throws IOException {
        if (!Arrays.equals(in.bytes(MAGIC.length), MAGIC)) throw new IOException("not an inputs dump (bad magic bytes)");
        int version = in.int32();
        if (version != VERSION) throw new IOException("inputs dump version " + version + ", this worker reads " + VERSION);
        Path modelFile = Path.of(in.string());
        String split = in.string(), modelSha = in.string(), dataSha = in.string(), testSha = in.string(),
                format = in.string(), currentSha = in.string();
        byte kind = in.byte8();
        ModelFile.Saved saved = null;
        AuditableModel model;
        if (kind == LUCENT) {
            saved = ModelFile.fromBytes(in.array());
            model = saved.model();
        } else if (kind == ONNX) {
            OutputKind output = OutputKind.valueOf(in.string());
            OnnxModel onnx = new OnnxImporter(OnnxInputs.LIMITS).read(in.array());
            model = onnx.outputKind() == output ? onnx : onnx.withOutputKind(output);
        } else {
            throw new IOException("unknown model kind " + kind);
        }
        List<String> features = in.strings(), classes;
        String label = in.string();
        classes = in.strings();
        int[] sample = in.ints(in.length(4));
        DatasetSchema schema = new DatasetSchema(features, label, classes, sample);
        DataSplit train = in.split(), test = in.split();
        DataSplit trainRaw = in.splitOrSame(train), testRaw = in.splitOrSame(test), current = in.splitOrSame(null);
        DataSplit currentRaw = current == null ? null : in.splitOrSame(current);
        return new AuditInputs.Prepared(modelFile, saved, schema, train, test, split, modelSha, dataSha, testSha, model, format,
                trainRaw, testRaw, current, currentRaw, currentSha);
    }

    /** Writes through one little-endian buffer, hashing every byte as it goes out. */
    private static final class Out implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final MessageDigest sha = Sha256.digest();

        Out(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) flush();
        }

        private void flush() throws IOException {
            buf.flip();
            sha.update(buf.duplicate());
            while (buf.hasRemaining()) channel.write(buf);
            buf.clear();
        }

        void bytes(byte... b) throws IOException {
            for (int off = 0; off < b.length; ) {
                room(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }

        void ints(int... v) throws IOException {
            for (int x : v) {
                room(4);
                buf.putInt(x);
            }
        }

        void array(byte[] b) throws IOException {
            ints(b.length);
            bytes(b);
        }

        void string(String s) throws IOException {
            if (s == null) {
                ints(-1);
                return;
            }
            array(s.getBytes(StandardCharsets.UTF_8));
        }

        void strings(List<String> list) throws IOException {
            ints(list.size());
            for (String s : list) string(s);
        }

        void floats(float[] v) throws IOException {
            for (int off = 0; off < v.length; ) {
                room(4);
                int n = Math.min(buf.remaining() / 4, v.length - off);
                buf.asFloatBuffer().put(v, off, n);
                buf.position(buf.position() + 4 * n);
                off += n;
            }
        }

        void split(DataSplit s) throws IOException {
            string(s.name());
            int[] shape = s.features().shape();
            ints(shape.length);
            ints(shape);
            bytes(s.labels() == null ? ABSENT : PRESENT);
            if (s.labels() != null) {
                ints(s.labels().length);
                ints(s.labels());
            }
            bytes(s.targets() == null ? ABSENT : PRESENT);
            if (s.targets() != null) {
                ints(s.targets().length);
                floats(s.targets());
            }
            floats(s.features().toArray());
        }

        /** A split that may be absent, or the very rows of {@code same} (features the model takes as they are). */
        void splitOrSame(DataSplit s, DataSplit same) throws IOException {
            if (s == null) bytes(ABSENT);
            else if (s == same) bytes(SAME_AS_STANDARDIZED);
            else {
                bytes(PRESENT);
                split(s);
            }
        }

        String finish() throws IOException {
            flush();
            channel.force(false);
            return Sha256.hexOf(sha);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Streams a dump through one little-endian buffer, hashing every byte read; every length is checked against the
     * bytes left, so a damaged length cannot ask for more memory than the file holds.
     */
    private static final class In implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final MessageDigest sha = Sha256.digest();

        In(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            buf.limit(0);
        }

        /** Bytes not read yet, buffered or in the file. */
        private long rest() throws IOException {
            return channel.size() - channel.position() + buf.remaining();
        }

        private void fits(long n, int size) throws IOException {
            if (n < 0 || n * size > rest()) throw new IOException("a length of " + n + " does not fit in the rest of the file");
        }

        /** At least {@code n} (at most the buffer's size) bytes buffered. */
        private void need(int n) throws IOException {
            if (buf.remaining() >= n) return;
            buf.compact();
            while (buf.position() < n) {
                int start = buf.position();
                int r = channel.read(buf);
                if (r < 0) {
                    buf.flip();
                    throw new EOFException("the inputs dump ends early");
                }
                sha.update(buf.duplicate().position(start).limit(buf.position()));
            }
            buf.flip();
        }

        /** A count of items of {@code size} bytes each that the rest of the file can hold. */
        int length(int size) throws IOException {
            int n = int32();
            fits(n, size);
            return n;
        }

        byte byte8() throws IOException {
            need(1);
            return buf.get();
        }

        int int32() throws IOException {
            need(4);
            return buf.getInt();
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            for (int off = 0; off < n; ) {
                need(1);
                int k = Math.min(buf.remaining(), n - off);
                buf.get(b, off, k);
                off += k;
            }
            return b;
        }

        int[] ints(int n) throws IOException {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) v[i] = int32();
            return v;
        }

        float[] floats(int n) throws IOException {
            float[] v = new float[n];
            for (int off = 0; off < n; ) {
                need(4);
                int k = Math.min(buf.remaining() / 4, n - off);
                buf.asFloatBuffer().get(v, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
            return v;
        }

        byte[] array() throws IOException {
            return bytes(length(1));
        }

        String string() throws IOException {
            int n = int32();
            if (n == -1) return null;
            fits(n, 1);
            return new String(bytes(n), StandardCharsets.UTF_8);
        }

        List<String> strings() throws IOException {
            int n = length(4);
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(string());
            return list;
        }

        DataSplit split() throws IOException {
            String name = string();
            int[] shape = ints(length(4));
            long cells = 1;
            for (int d : shape) {
                if (d < 0) throw new IOException("a negative dimension in " + Arrays.toString(shape));
                cells = Math.multiplyExact(cells, (long) d);
                fits(cells, 4);
            }
            int[] labels = byte8() == PRESENT ? ints(length(4)) : null;
            float[] targets = byte8() == PRESENT ? floats(length(4)) : null;
            if (cells > Integer.MAX_VALUE - 8) throw new IOException("a shape " + Arrays.toString(shape) + " larger than one tensor holds");
            return new DataSplit(name, Tensor.of(floats((int) cells), shape), labels, targets);
        }

        DataSplit splitOrSame(DataSplit same) throws IOException {
            byte b = byte8();
            if (b == ABSENT) return null;
            if (b == SAME_AS_STANDARDIZED) {
                if (same == null) throw new IOException("a split marked as the same rows as none");
                return same;
            }
            return split();
        }

        /** Refuses bytes after the last split. */
        void end() throws IOException {
            if (buf.hasRemaining() || channel.read(ByteBuffer.allocate(1)) >= 0) throw new IOException("bytes after the last split");
        }

        /** Reads (and hashes) whatever is left, so a damaged file is named by its hash rather than by where parsing broke. */
        void drain() throws IOException {
            buf.position(buf.limit());
            ByteBuffer rest = ByteBuffer.allocate(1 << 16);
            while (channel.read(rest.clear()) >= 0) sha.update(rest.flip());
        }

        String sha256() {
            return Sha256.hexOf(sha);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
