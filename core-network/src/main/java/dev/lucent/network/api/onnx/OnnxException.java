package dev.lucent.network.api.onnx;

/**
 * Why an ONNX file was refused (malformed, hostile, over budget or outside the supported
 * operator set) or could not be run. The message names the problem and, where there is one,
 * the node.
 */
public class OnnxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
