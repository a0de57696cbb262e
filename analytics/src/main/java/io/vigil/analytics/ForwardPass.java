package io.vigil.analytics;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The model's forward pass and nothing else: a letterboxed 1x3xHxW float tensor in (BGR, 0-255),
 * YOLOX's raw output rows out. Letterboxing, decoding and NMS live in {@link YoloxDetector} and
 * {@link YoloxDecoder}, so both runtimes see the same input and their output is read the same way.
 *
 * <p>An interface because it has two implementations: {@link OrtForwardPass} and {@link OpenCvForwardPass}.
 */
interface ForwardPass extends AutoCloseable {

  /**
   * @param blob   NCHW {@code CV_32F} tensor of 1x3x{@code height}x{@code width}
   * @param output receives {@code YoloxDecoder.rows(width, height) * YoloxDecoder.ROW} floats
   * @throws IllegalStateException when the model's output does not have that many values
   */
  void run(Mat blob, int width, int height, float[] output);

  @Override
  void close();

  static void requireSize(long values, int expected, int width, int height) {
    if (values != expected) {
      throw new IllegalStateException("model output has " + values + " values, expected " + expected
          + " for a YOLOX model with input " + width + "x" + height);
    }
  }
}
