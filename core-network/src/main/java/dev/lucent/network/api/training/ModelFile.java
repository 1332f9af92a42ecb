package dev.lucent.network.api.training;

import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a model with its preprocessing, training history and metadata in one file:
 * {@code "LUCENTMF" | version | payload length | payload | SHA-256 of everything before it}.
 * The layout is documented in docs/model-format.md. A file that is truncated, edited or not a
 * model file is refused with a {@link ModelFormatException} saying which.
 */
public final class ModelFile {
    static final byte[] MAGIC = "LUCENTMF".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER = 8 + 4 + 8;
    private static final int DIGEST = 32;

    private ModelFile() {
    }

    /** What a model file holds. preprocessing and history may be null. */
    public record Saved(Model model, Preprocessing preprocessing, TrainingHistory history, Map<String, String> metadata) {
        public Saved {
            metadata = Map.copyOf(metadata);
        }
    }

    public static void save(Path file, Model model, Preprocessing preprocessing, TrainingHistory history, Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(new Saved(model, preprocessing, history, metadata));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Saved load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return fromBytes(bytes);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] toBytes(Saved s) {
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(payload);
            writeModel(out, s.model());
            writePreprocessing(out, s.preprocessing());
            writeHistory(out, s.history());
            out.writeInt(s.metadata().size());
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(s.metadata()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            byte[] body = payload.toByteArray();
            ByteBuffer buf = ByteBuffer.allocate(HEADER + body.length + DIGEST);
            buf.put(MAGIC).putInt(VERSION).putLong(body.length).put(body);
            buf.put(Sha256.of(buf.array(), HEADER + body.length));
            return buf.array();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    public static Saved fromBytes(byte[] bytes) throws ModelFormatException {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC))
            throw new ModelFormatException(bytes.length == 0 ? "empty file, not a Lucent model" : "not a Lucent model file (bad magic bytes)");
        if (bytes.length < HEADER) throw new ModelFormatException("truncated: " + bytes.length + " bytes, shorter than the header");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        long length = buf.getLong();
        if (version != VERSION) throw new ModelFormatException("unsupported model format version " + version + " (this reader knows " + VERSION + ")");
        long expected = HEADER + length + DIGEST;
        if (length < 0 || bytes.length < expected)
            throw new ModelFormatException("truncated: header announces " + expected + " bytes, file has " + bytes.length);
        if (bytes.length > expected)
            throw new ModelFormatException("trailing data: header announces " + expected + " bytes, file has " + bytes.length);
        byte[] want = Arrays.copyOfRange(bytes, (int) (HEADER + length), bytes.length);
        if (!MessageDigest.isEqual(want, Sha256.of(bytes, (int) (HEADER + length))))
            throw new ModelFormatException("checksum mismatch: the file was modified or corrupted after it was written");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, HEADER, (int) length));
        try {
            Model model = readModel(in);
            Preprocessing pre = readPreprocessing(in);
            TrainingHistory history = readHistory(in);
            int n = count(in, "metadata entries");
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) meta.put(in.readUTF(), in.readUTF());
            if (in.available() != 0) throw new ModelFormatException(in.available() + " unexpected bytes after the metadata");
            return new Saved(model, pre, history, meta);
        } catch (EOFException e) {
            throw new ModelFormatException("payload ends early: it does not match its own structure", e);
        } catch (IOException e) {
            throw new ModelFormatException("unreadable payload: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("inconsistent model: " + e.getMessage(), e);
        }
    }


    private static int count(DataInputStream in, String what) throws IOException {
        return count(in, what, 1);
    }

    /**
     * A count read from the file, refused when the bytes left could not hold that many entries of at least
     * {@code bytesEach} bytes: the checksum is no protection (anyone can recompute it), so a few bytes claiming
     * 10^8 values must not allocate them.
     */
    private static int count(DataInputStream in, String what, int bytesEach) throws IOException {
        int n = in.readInt();
        int left = in.available(); // the payload is in memory: exactly the bytes that follow
        if (n < 0 || n > 100_000_000 || (long) n * bytesEach > left)
            throw new ModelFormatException("implausible count of " + what + ": " + n + " (" + left + " bytes follow)");
        return n;
    }

    private static void writeInts(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        for (int x : v) out.writeInt(x);
    }

    private static int[] readInts(DataInputStream in, String what) throws IOException {
        int[] v = new int[count(in, what, 4)];
        for (int i = 0; i < v.length; i++) v[i] = in.readInt();
        return v;
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float x : v) out.writeFloat(x);
    }

    private static float[] readFloats(DataInputStream in, String what) throws IOException {
        float[] v = new float[count(in, what, 4)];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        return v;
    }

    private static void writeStrings(DataOutputStream out, List<String> v) throws IOException {
        out.writeInt(v.size());
        for (String s : v) out.writeUTF(s);
    }

    private static List<String> readStrings(DataInputStream in, String what) throws IOException {
        int n = count(in, what, 2); // a UTF string is at least its 2-byte length
        List<String> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) v.add(in.readUTF());
        return v;
    }

    private static void writeModel(DataOutputStream out, Model m) throws IOException {
        out.writeUTF(m.name());
        out.writeUTF(m.outputKind().name());
        writeInts(out, m.inputShape());
        out.writeInt(m.nodes().size());
        for (Model.Node n : m.nodes()) {
            out.writeUTF(n.name());
            out.writeUTF(n.layer().type());
            Map<String, String> cfg = n.layer().config();
            out.writeInt(cfg.size());
            for (Map.Entry<String, String> e : cfg.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            writeInts(out, n.inputs());
            List<Parameter> ps = n.layer().parameters();
            out.writeInt(ps.size());
            for (Parameter p : ps) {
                out.writeUTF(p.name());
                writeInts(out, p.shape());
                writeFloats(out, p.values());
            }
        }
    }

    private static Model readModel(DataInputStream in) throws IOException {
        String name = in.readUTF();
        OutputKind kind;
        String k = in.readUTF();
        try {
            kind = OutputKind.valueOf(k);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("unknown output kind '" + k + "'");
        }
        int[] inputShape = readInts(in, "input dimensions");
        int nodes = count(in, "layers");
        Model.Builder b = Model.builder(name, kind, inputShape);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            String nodeName = in.readUTF();
            String type = in.readUTF();
            int nc = count(in, "settings");
            Map<String, String> cfg = new LinkedHashMap<>();
            for (int c = 0; c < nc; c++) cfg.put(in.readUTF(), in.readUTF());
            int[] inputs = readInts(in, "layer inputs");
            long declared = Layers.parameterValues(type, cfg); // the values follow in the file: check before allocating them
            if (declared > in.available() / 4)
                throw new ModelFormatException("layer '" + nodeName + "' (" + type + ") declares " + declared
                        + " parameter values, but only " + in.available() + " bytes follow");
            Layer layer = Layers.create(type, cfg);
            List<Parameter> ps = layer.parameters();
            int np = count(in, "parameters");
            if (np != ps.size()) throw new ModelFormatException("layer '" + nodeName + "' (" + type + ") has " + np + " parameters in the file, expects " + ps.size());
            for (Parameter p : ps) {
                String pn = in.readUTF();
                int[] shape = readInts(in, "parameter dimensions");
                float[] values = readFloats(in, "parameter values");
                if (!pn.equals(p.name()) || !Arrays.equals(shape, p.shape()))
                    throw new ModelFormatException("layer '" + nodeName + "': parameter " + pn + Arrays.toString(shape) + " where " + p.name() + Arrays.toString(p.shape()) + " was expected");
                p.assign(values);
            }
            String[] in2 = new String[inputs.length];
            for (int j = 0; j < inputs.length; j++) {
                if (inputs[j] < -1 || inputs[j] >= i) throw new ModelFormatException("layer '" + nodeName + "' reads node " + inputs[j] + ", not an earlier one");
                in2[j] = inputs[j] < 0 ? Model.INPUT : names.get(inputs[j]);
            }
            b.add(nodeName, layer, in2);
            names.add(nodeName);
        }
        return b.build();
    }

    private static void writePreprocessing(DataOutputStream out, Preprocessing p) throws IOException {
        out.writeBoolean(p != null);
        if (p == null) return;
        writeStrings(out, p.featureNames());
        out.writeUTF(p.labelName());
        writeStrings(out, p.classNames());
        writeFloats(out, p.mean());
        writeFloats(out, p.std());
    }

    private static Preprocessing readPreprocessing(DataInputStream in) throws IOException {
        if (!in.readBoolean()) return null;
        return new Preprocessing(readStrings(in, "feature names"), in.readUTF(), readStrings(in, "class names"),
                readFloats(in, "means"), readFloats(in, "standard deviations"));
    }

    private static void writeHistory(DataOutputStream out, TrainingHistory h) throws IOException {
        out.writeBoolean(h != null);
        if (h == null) return;
        out.writeUTF(h.monitoredMetric() == null ? "" : h.monitoredMetric());
        out.writeInt(h.bestEpoch());
        out.writeInt(h.epochs().size());
        for (TrainingHistory.EpochRecord r : h.epochs()) {
            out.writeInt(r.epoch());
            for (double d : new double[]{r.trainLoss(), r.validationLoss(), r.trainAccuracy(), r.validationAccuracy(), r.learningRate()}) out.writeDouble(d);
            out.writeInt(r.layers().size());
            for (TrainingHistory.LayerTelemetry t : r.layers()) {
                out.writeUTF(t.layer());
                for (double d : new double[]{t.weightNorm(), t.gradientNorm(), t.updateToWeightRatio(), t.deadReluFraction(), t.activationMean(), t.activationStd()})
                    out.writeDouble(d);
            }
        }
    }

    private static TrainingHistory readHistory(DataInputStream in) throws IOException {
        if (!in.readBoolean()) return null;
        String metric = in.readUTF();
        int best = in.readInt();
        int n = count(in, "epochs");
        List<TrainingHistory.EpochRecord> epochs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int epoch = in.readInt();
            double[] v = new double[5];
            for (int j = 0; j < 5; j++) v[j] = in.readDouble();
            int nl = count(in, "layer telemetry rows");
            List<TrainingHistory.LayerTelemetry> layers = new ArrayList<>();
            for (int j = 0; j < nl; j++) {
                String layer = in.readUTF();
                double[] t = new double[6];
                for (int q = 0; q < 6; q++) t[q] = in.readDouble();
                layers.add(new TrainingHistory.LayerTelemetry(layer, t[0], t[1], t[2], t[3], t[4], t[5]));
            }
            epochs.add(new TrainingHistory.EpochRecord(epoch, v[0], v[1], v[2], v[3], v[4], layers));
        }
        return new TrainingHistory(epochs, metric.isEmpty() ? null : metric, best);
    }
}
