package dev.lucent.network.api.onnx;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;

import java.util.List;

/**
 * An imported ONNX graph, differentiable end to end. As an {@link AuditableModel} it reads its first
 * graph input as the batch (dimension 0 is the batch; a model exported with a fixed batch is run in
 * chunks of that size) and its first graph output, flattened per row, as the outputs; when that output
 * is made by a final Softmax or LogSoftmax over the classes (on [N, classes] or [N, classes, 1, ...], possibly
 * followed by Flatten or Reshape) or a Sigmoid of one unit, the input of that node is read as the logits ({@link dev.lucent.network.api.OutputKind#CLASS_LOGITS} or
 * {@code BINARY_LOGIT}). Named nodes are the layers; their float initializers are the parameters.
 */
public interface OnnxModel extends AuditableModel {

    /** The ONNX opset (default domain) the model was imported at. */
    int opset();

    /** Graph inputs (initializers excluded), in graph order. */
    List<String> inputNames();

    /** Graph outputs, in graph order. */
    List<String> outputNames();

    /**
     * A graph input or output as the file declares it.
     *
     * @param elementType the ONNX element type's name ({@code FLOAT}, {@code INT64}, ...)
     * @param dims        one entry per axis, -1 where the dimension is symbolic or unknown; null when the file
     *                    declares no shape
     */
    record Port(String name, String elementType, long[] dims) {
        public Port {
            dims = dims == null ? null : dims.clone();
        }

        @Override
        public long[] dims() {
            return dims == null ? null : dims.clone();
        }
    }

    /** Graph inputs (initializers excluded) as declared, in graph order. */
    List<Port> graphInputs();

    /** Graph outputs as declared, in graph order. */
    List<Port> graphOutputs();

    /** The file's {@code producer_name} (e.g. {@code pytorch}), empty when it names none. */
    String producerName();

    /** The file's {@code producer_version}, empty when it gives none. */
    String producerVersion();

    /** Number of float parameters: the elements of every float initializer. */
    long parameterCount();

    /**
     * Runs the whole graph on one tensor per graph input (inputs declared as integers are read from
     * the float values, which must be whole numbers) and returns every graph output with its full shape.
     * It runs on the engine's tape, as a {@code Model} does: when an input requires a gradient the outputs
     * are recorded, and {@code backward} on one of them gives the inputs' gradients.
     */
    List<Tensor> run(List<Tensor> inputs);

    /** The same model with its outputs read as {@code kind}. */
    OnnxModel withOutputKind(OutputKind kind);

    /** This model written back as an ONNX file (opset and operators as imported, parameters as they are now). */
    byte[] toOnnx();
}
