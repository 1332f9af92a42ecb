package dev.lucent.network.api.onnx;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;

import java.util.List;

/**
 * An imported ONNX graph, differentiable end to end. As an {@link AuditableModel} it reads its first
 * graph input as the batch (dimension 0 is the batch; a model exported with a fixed batch is run in
 * chunks of that size) and its first graph output, flattened per row, as the outputs; when that output
 * is made by a final Softmax or LogSoftmax over the classes (or a Sigmoid of one unit), the input of
 * that node is read as the logits ({@link dev.lucent.network.api.OutputKind#CLASS_LOGITS} or
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
     * Runs the whole graph on one tensor per graph input (inputs declared as integers are read from
     * the float values, which must be whole numbers) and returns every graph output with its full shape.
     */
    List<Tensor> run(List<Tensor> inputs);

    /** The same model with its outputs read as {@code kind}. */
    OnnxModel withOutputKind(OutputKind kind);

    /** This model written back as an ONNX file (opset and operators as imported, parameters as they are now). */
    byte[] toOnnx();
}
