/**
 * ONNX import and export: {@link dev.lucent.network.api.onnx.OnnxImporter} turns an {@code .onnx}
 * file into a differentiable {@link dev.lucent.network.api.onnx.OnnxModel}; every refusal is an
 * {@link dev.lucent.network.api.onnx.OnnxException} naming the problem.
 */
@Export
@Version("0.4.0")
package dev.lucent.network.api.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
