package dev.lucent.audit.web;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.data.DataFiles;
import dev.lucent.audit.runner.OnnxInputs;
import dev.lucent.audit.web.upload.CsvPreview;
import dev.lucent.audit.web.upload.UploadException;
import dev.lucent.audit.web.upload.UploadStore;
import dev.lucent.network.api.onnx.OnnxModel;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /models} and {@code /datasets}: what was uploaded, the upload forms, and for a data set its schema
 * and checks ({@code /datasets/<id>}). Uploads go through {@link UploadStore} with its size limits.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/models",
        "osgi.http.whiteboard.servlet.pattern=/models/*",
        "osgi.http.whiteboard.servlet.pattern=/datasets",
        "osgi.http.whiteboard.servlet.pattern=/datasets/*",
        "osgi.http.whiteboard.servlet.name=lucent-uploads"})
public final class UploadsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** A row of the models or data sets table. */
    public record UploadRow(String id, String name, String type, String size, String sha256, String uploadedBy, String uploaded) {
    }

    private final transient Console console;
    private final transient UploadStore uploads;
    static final Map<String, String> TRAINING_DEFAULTS = Map.ofEntries(Map.entry("dataset", ""), Map.entry("label", ""),
            Map.entry("hidden", "64,32"), Map.entry("l2", "0.0001"), Map.entry("dropout", "0.1"), Map.entry("epochs", "30"),
            Map.entry("seed", "42"), Map.entry("task", ""), Map.entry("arch", "mlp"), Map.entry("shape", ""));

    private final transient Jobs jobs;
    private final transient Map<String, CsvPreview.Preview> previews = new ConcurrentHashMap<>();
    private final transient Map<String, Object> onnxFacts = new ConcurrentHashMap<>();

    @Activate
    public UploadsServlet(@Reference Console console, @Reference UploadStore uploads, @Reference Jobs jobs) {
        this.console = console;
        this.uploads = uploads;
        this.jobs = jobs;
    }

    /** What a model file says about itself, for the model page. */
    public record ModelFacts(String summary, Map<String, String> metadata, String classes, String features, int epochs) {
    }

    /**
     * What an ONNX file says about itself: opset, producer, the declared inputs and outputs, the float parameters,
     * the named layers Grad-CAM can target, and how an audit reads the output.
     */
    public record OnnxFacts(int opset, String producer, List<String> inputs, List<String> outputs, String parameters,
                            int layers, String layerNames, String output) {
    }

    static OnnxFacts onnxFacts(OnnxModel m) {
        java.util.function.Function<OnnxModel.Port, String> port = p -> "'" + OnnxInputs.printable(p.name()) + "' "
                + p.elementType() + " " + OnnxInputs.dims(p.dims());
        String producer = (OnnxInputs.printable(m.producerName()) + " " + OnnxInputs.printable(m.producerVersion())).strip();
        int k = m.outputCount();
        String output = switch (m.outputKind()) {
            case CLASS_LOGITS -> k + " units, read as one logit per class (class i of the data set is unit i)";
            case BINARY_LOGIT -> "1 unit after a final Sigmoid, read as the logit of the second class of a binary label";
            case REGRESSION -> "1 unit, read as the logit of the second class when the label has two classes, else as a regression value";
        };
        List<String> layers = m.layerNames();
        String names = String.join(", ", layers.stream().limit(12).map(OnnxInputs::printable).toList()) + (layers.size() > 12 ? ", ..." : "");
        return new OnnxFacts(m.opset(), producer.isEmpty() ? "(not named in the file)" : producer,
                m.graphInputs().stream().map(port).toList(), m.graphOutputs().stream().map(port).toList(),
                String.format(java.util.Locale.ROOT, "%,d", m.parameterCount()), layers.size(), names, output);
    }

    /** Checks an uploaded model can be read as an audit needs it; returns the problem, or null when it can. */
    static String unusable(UploadStore.Stored s) {
        try {
            if (s.extension().equals("onnx")) OnnxInputs.read(s.file());
            else if (s.extension().equals("lucent")) dev.lucent.network.api.training.ModelFile.load(s.file());
            return null;
        } catch (AuditException | IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            return m.replace(s.file().toString(), s.originalName()).replace(s.file().getFileName().toString(), s.originalName());
        }
    }

    /**
     * Unpacks a zipped data set (images in a folder per class, or an IDX pair) and reads it as train and audit will;
     * returns the problem (a zip-slip entry, a bomb, a file that is not an image...), or null when it can be used.
     */
    static String unpackedUnusable(UploadStore.Stored s) {
        try {
            DataFiles.unpack(java.nio.file.Files.readAllBytes(s.file()), s.dataPath());
            DataFiles.read(s.dataPath(), "label", null, null, null, dev.lucent.audit.runner.AuditInputs.csvOptions(null));
            return null;
        } catch (dev.lucent.audit.files.SafeZip.Refused e) {
            return e.getMessage();
        } catch (dev.lucent.network.api.data.DataFormatException | IOException | RuntimeException e) {
            String root = s.dataPath().toString() + java.io.File.separator;
            return String.valueOf(e.getMessage()).replace(root, "").replace(s.dataPath().toString(), s.originalName());
        }
    }

    static ModelFacts facts(UploadStore.Stored s) {
        if (!s.extension().equals("lucent")) return null;
        try {
            dev.lucent.network.api.training.ModelFile.Saved saved = dev.lucent.network.api.training.ModelFile.load(s.file());
            String classes = saved.preprocessing() == null ? "" : String.join(", ", saved.preprocessing().classNames());
            String features = saved.preprocessing() == null ? "" : saved.preprocessing().featureNames().size() + " ("
                    + String.join(", ", saved.preprocessing().featureNames().stream().limit(12).toList())
                    + (saved.preprocessing().featureNames().size() > 12 ? ", ..." : "") + ")";
            return new ModelFacts(saved.model().summary(), new java.util.TreeMap<>(saved.metadata()), classes, features,
                    saved.history() == null ? 0 : saved.history().epochs().size());
        } catch (IOException | RuntimeException e) {
            return new ModelFacts("cannot read this model file: " + e.getMessage(), Map.of(), "", "", 0);
        }
    }

    private static UploadStore.Kind kind(HttpServletRequest req) {
        return req.getServletPath().startsWith("/models") ? UploadStore.Kind.MODEL : UploadStore.Kind.DATASET;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        UploadStore.Kind kind = kind(req);
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            list(req, resp, kind, HttpServletResponse.SC_OK, null);
            return;
        }
        String id = info.substring(1);
        Optional<UploadStore.Stored> s = uploads.find(kind, id);
        if (s.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("item", row(s.get()));
        if (kind == UploadStore.Kind.DATASET) {
            model.put("preview", previews.computeIfAbsent(id, k -> preview(s.get())));
            console.render(req, resp, "dataset", "datasets", model);
        } else {
            model.put("facts", facts(s.get()));
            Object onnx = s.get().extension().equals("onnx") ? onnxFactsOf(s.get()) : null;
            model.put("onnx", onnx instanceof OnnxFacts f ? f : null);
            model.put("onnxError", onnx instanceof String e ? e : null);
            console.render(req, resp, "model", "models", model);
        }
    }

    /** Facts of a stored ONNX upload (imported once, then cached), or the problem that makes it unusable. */
    private Object onnxFactsOf(UploadStore.Stored s) {
        return onnxFacts.computeIfAbsent(s.id(), k -> {
            try {
                return onnxFacts(OnnxInputs.read(s.file()));
            } catch (AuditException | RuntimeException e) {
                return "cannot read this ONNX file: " + String.valueOf(e.getMessage()).replace(s.file().toString(), s.originalName());
            }
        });
    }

    private static CsvPreview.Preview preview(UploadStore.Stored s) {
        if (s.extension().equals("zip")) {
            // a zipped image data set: what it holds instead of a table of rows
            try {
                DataFiles.Read read = DataFiles.read(s.dataPath(), "label", null, null, null, dev.lucent.audit.runner.AuditInputs.csvOptions(null));
                dev.lucent.network.api.data.Dataset d = read.dataset();
                String what = String.format(java.util.Locale.ROOT, "%s: %d images of %s (channels x height x width), %d classes",
                        read.kind().words(), d.rows(), DataFiles.shapeText(d.schema().sampleShape()), d.schema().classNames().size());
                return new CsvPreview.Preview(List.of(), List.of(), List.of(), List.of(new CsvPreview.Check("pass", what)), d.rows(),
                        d.schema().labelName(), d.schema().classNames());
            } catch (dev.lucent.network.api.data.DataFormatException | RuntimeException e) {
                return new CsvPreview.Preview(List.of(), List.of(), List.of(),
                        List.of(new CsvPreview.Check("fail", "cannot read the data set: " + e.getMessage())), 0, null, List.of());
            }
        }
        try {
            return CsvPreview.of(s.file(), s.originalName());
        } catch (IOException e) {
            return new CsvPreview.Preview(List.of(), List.of(), List.of(),
                    List.of(new CsvPreview.Check("fail", "cannot read the file: " + e.getMessage())), 0, null, List.of());
        }
    }

    private void list(HttpServletRequest req, HttpServletResponse resp, UploadStore.Kind kind, int status, String error)
            throws IOException {
        list(req, resp, kind, status, error, null);
    }

    private void list(HttpServletRequest req, HttpServletResponse resp, UploadStore.Kind kind, int status, String error,
                      Map<String, String> form) throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("items", uploads.list(kind).stream().map(UploadsServlet::row).toList());
        model.put("error", error);
        model.put("maxMb", uploads.maxBytes() / (1024 * 1024));
        model.put("accept", String.join(",", kind.extensions().stream().sorted().map(e -> "." + e).toList()));
        if (kind == UploadStore.Kind.MODEL) {
            model.put("datasets", uploads.list(UploadStore.Kind.DATASET).stream().map(UploadsServlet::row).toList());
            Map<String, String> values = new java.util.HashMap<>(TRAINING_DEFAULTS);
            if (form != null) values.putAll(form);
            model.put("form", values);
        }
        if (kind == UploadStore.Kind.MODEL) console.render(req, resp, status, "models", "models", model);
        else console.render(req, resp, status, "datasets", "datasets", model);
    }

    private void train(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String f : java.util.List.of("dataset", "label", "hidden", "l2", "dropout", "epochs", "seed", "task", "arch", "shape")) {
            String v = req.getParameter(f);
            if (v != null) form.put(f, v.length() > 200 ? v.substring(0, 200) : v);
        }
        try {
            ConsoleTraining.Request r = ConsoleTraining.Request.parse(form);
            UploadStore.Stored data = uploads.find(UploadStore.Kind.DATASET, r.datasetId())
                    .orElseThrow(() -> new IllegalArgumentException("no such data set"));
            String user = Console.userName(req);
            Job job = jobs.submit("training", "Training " + (r.arch() == dev.lucent.audit.training.TrainingRecipe.Arch.CNN ? "a CNN" : "an MLP")
                    + " on " + data.originalName(), user,
                    j -> ConsoleTraining.run(r, data, uploads, user, j));
            Console.seeOther(resp, "/jobs/" + job.id());
        } catch (IllegalArgumentException | IllegalStateException e) {
            list(req, resp, UploadStore.Kind.MODEL, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), form);
        }
    }

    static UploadRow row(UploadStore.Stored s) {
        return new UploadRow(s.id(), s.originalName(), s.extension(), humanSize(s.size()), s.sha256(),
                s.uploadedBy(), SettingsServlet.TIME.format(s.uploaded()));
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        UploadStore.Kind kind = kind(req);
        if (kind == UploadStore.Kind.MODEL && "/train".equals(req.getPathInfo())) {
            train(req, resp);
            return;
        }
        if (!"/upload".equals(req.getPathInfo())) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try {
            UploadStore.Received r = uploads.receive(kind, req.getContentType(), req.getContentLengthLong(),
                    req.getInputStream(), Console.userName(req));
            // A model that cannot be read (random bytes, truncated, an unsupported operator) is not kept: the page
            // says why, and nothing unusable is offered for an audit.
            String problem = kind == UploadStore.Kind.MODEL ? unusable(r.stored())
                    : r.stored().extension().equals("zip") ? unpackedUnusable(r.stored()) : null;
            if (problem != null) {
                uploads.delete(kind, r.stored().id());
                list(req, resp, kind, 422, "'" + r.stored().originalName() + "' was not kept: " + problem);
                return;
            }
            Console.seeOther(resp, (kind == UploadStore.Kind.MODEL ? "/models/" : "/datasets/") + r.stored().id());
        } catch (UploadException e) {
            // the rest of an oversized body is not read: close the connection instead
            if (e.status() == 413) resp.setHeader("Connection", "close");
            list(req, resp, kind, e.status(), e.getMessage());
        }
    }
}
