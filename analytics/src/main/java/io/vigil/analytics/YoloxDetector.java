package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * YOLOX: letterbox, forward pass ({@link ForwardPass}: ONNX Runtime or OpenCV DNN, the only part
 * that differs), decode and NMS. The input keeps the frame's aspect ratio (YOLOX is fully convolutional,
 * so a 16:9 frame at 416 wide runs as 416x256 instead of a square that is 40% padding), and a region
 * of interest runs at the same pixel scale as the whole frame would, so a crop costs in proportion
 * to its area and loses nothing in accuracy. Buffers are reused across calls, so an instance
 * belongs to one analysing thread ({@link Detectors#forCurrentThread}).
 */
final class YoloxDetector implements PersonDetector {
  private static final Scalar PAD = new Scalar(114, 114, 114, 0);
  private static final Scalar ZERO = new Scalar(0.0);
  private static final int STRIDE = 32;

  private final AnalyticsSettings settings;
  private final ForwardPass forward;
  private final Mat resized = new Mat();
  private final Mat letterboxed = new Mat();
  private final Mat blob = new Mat();
  private float[] output = new float[0];

  YoloxDetector(AnalyticsSettings settings, ForwardPass forward) {
    this.settings = settings;
    this.forward = forward;
  }

  @Override
  public List<Detection> detect(Mat bgr, Rect roi) {
    int x0 = roi == null ? 0 : roi.x();
    int y0 = roi == null ? 0 : roi.y();
    int w = roi == null ? bgr.cols() : roi.width();
    int h = roi == null ? bgr.rows() : roi.height();
    int size = settings.inputSize();
    double scale = (double) size / Math.max(bgr.cols(), bgr.rows());
    int rw = Math.max(1, Math.min(size, (int) Math.round(w * scale)));
    int rh = Math.max(1, Math.min(size, (int) Math.round(h * scale)));
    int inputWidth = roundUp(rw);
    int inputHeight = roundUp(rh);
    int expected = YoloxDecoder.rows(inputWidth, inputHeight) * YoloxDecoder.ROW;
    if (output.length < expected) {
      output = new float[expected];
    }
    // Temporaries (sizes, the crop header) belong to this pass; the reused buffers were made outside it.
    try (PointerScope scope = new PointerScope()) {
      Size target = new Size(rw, rh);
      if (roi == null) {
        resize(bgr, resized, target, 0, 0, INTER_LINEAR);
      } else {
        resize(bgr.apply(roi), resized, target, 0, 0, INTER_LINEAR);
      }
      // YOLOX was trained with the image at the top-left and grey padding to the right and bottom.
      copyMakeBorder(resized, letterboxed, 0, inputHeight - rh, 0, inputWidth - rw, BORDER_CONSTANT, PAD);
      blobFromImage(letterboxed, blob, 1.0, new Size(inputWidth, inputHeight), ZERO, false, false, CV_32F);
      forward.run(blob, inputWidth, inputHeight, output);
    }
    return YoloxDecoder.decode(output, inputWidth, inputHeight, scale, x0, y0, x0 + w, y0 + h,
        settings.lowScoreThreshold(), settings.nmsThreshold());
  }

  private static int roundUp(int v) {
    return (v + STRIDE - 1) / STRIDE * STRIDE;
  }

  @Override
  public boolean detectsVehicles() {
    return true;
  }

  @Override
  public void close() {
    forward.close();
    resized.close();
    letterboxed.close();
    blob.close();
  }
}
