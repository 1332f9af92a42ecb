package dev.lucent.network.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ONNX Runtime (the independent engine) behind a tiny float-in, float-out face. */
final class Ort implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    private final OrtSession session;
    private final List<String> inputs;

    Ort(byte[] model) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        session = env.createSession(model, o);
        inputs = List.copyOf(session.getInputNames());
    }

    /** Runs with the given inputs (integer-typed inputs passed as longs) and returns the first output. */
    NdArray run(NdArray... in) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (int i = 0; i < in.length; i++) {
                long[] shape = Arrays.stream(in[i].shape).asLongStream().toArray();
                feed.put(inputs.get(i), in[i].isFloat()
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(in[i].f), shape)
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(in[i].l), shape));
            }
            try (OrtSession.Result r = session.run(feed)) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                int[] s = Arrays.stream(t.getInfo().getShape()).mapToInt(x -> (int) x).toArray();
                FloatBuffer fb = t.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                return NdArray.floats(s, v);
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
