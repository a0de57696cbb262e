package io.vigil.analytics;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The forward pass through ONNX Runtime. The session is shared by every analysing thread
 * ({@code OrtSession.run} is thread-safe and keeps its per-call state on the caller's stack), and
 * {@link OrtSessions} owns it; an instance holds no state of its own, so any thread may call it.
 */
final class OrtForwardPass implements ForwardPass {
  private final OrtSession session;
  private final String input;

  OrtForwardPass(OrtSession session) {
    this.session = session;
    this.input = session.getInputNames().iterator().next();
  }

  @Override
  public void run(Mat blob, int width, int height, float[] output) {
    int expected = YoloxDecoder.rows(width, height) * YoloxDecoder.ROW;
    int values = 3 * width * height;
    // A view of the blob's native memory: ONNX Runtime reads a direct buffer in place, no copy.
    try (FloatPointer data = new FloatPointer(blob.data())) {
      FloatBuffer in = data.capacity(values).asBuffer();
      try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), in,
              new long[] {1, 3, height, width});
          OrtSession.Result result = session.run(Map.of(input, tensor))) {
        FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
        ForwardPass.requireSize(out.remaining(), expected, width, height);
        out.get(output, 0, expected);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime forward pass failed for input " + width + "x" + height + ": "
          + e.getMessage(), e);
    }
  }

  /** Nothing to release: the shared session lives as long as {@link OrtSessions} keeps it. */
  @Override
  public void close() {}
}
