package dev.lucent.network.api.onnx;

import dev.lucent.network.onnx.OnnxGraphModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code .onnx} files (opsets 7 to 21) into differentiable {@link OnnxModel}s. Hostile or
 * unsupported files are refused with an {@link OnnxException}; sizes are checked against the
 * {@link OnnxLimits} before anything is allocated. Stateless and thread-safe.
 */
public final class OnnxImporter {
    private final OnnxLimits limits;

    public OnnxImporter() {
        this(OnnxLimits.defaults());
    }

    public OnnxImporter(OnnxLimits limits) {
        this.limits = limits;
    }

    public OnnxLimits limits() {
        return limits;
    }

    public OnnxModel read(byte[] onnx) {
        return OnnxGraphModel.load(onnx, limits);
    }

    public OnnxModel read(Path file) {
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes())
                throw new OnnxException(file + " is " + size + " bytes, over the memory budget of " + limits.maxBytes() + " bytes ("
                        + limits.origin() + ")");
            return read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new OnnxException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
