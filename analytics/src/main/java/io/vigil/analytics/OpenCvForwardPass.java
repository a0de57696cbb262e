package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * The forward pass through OpenCV DNN. A {@code Net} keeps per-call state, so each instance belongs
 * to one analysing thread ({@link Detectors#forCurrentThread}).
 */
final class OpenCvForwardPass implements ForwardPass {
  private final Net net;

  OpenCvForwardPass(Path model) {
    this.net = readNetFromONNX(model.toString());
  }

  @Override
  public void run(Mat blob, int width, int height, float[] output) {
    int expected = YoloxDecoder.rows(width, height) * YoloxDecoder.ROW;
    net.setInput(blob);
    try (Mat out = net.forward()) {
      ForwardPass.requireSize(out.total() * out.channels(), expected, width, height);
      try (FloatPointer p = new FloatPointer(out.data())) {
        p.get(output, 0, expected);
      }
    }
  }

  @Override
  public void close() {
    net.close();
  }
}
