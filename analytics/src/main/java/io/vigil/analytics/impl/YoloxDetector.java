package io.vigil.analytics.impl;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.Detection;
import io.vigil.analytics.PersonDetector;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * YOLOX through OpenCV DNN. The letterbox buffers, blob and output array are reused across calls so
 * that a pass allocates no native memory beyond what OpenCV keeps inside the net.
 */
final class YoloxDetector implements PersonDetector {
  private static final Scalar PAD = new Scalar(114, 114, 114, 0);
  private static final Scalar ZERO = new Scalar(0.0);

  private final AnalyticsSettings settings;
  private final Net net;
  private final int size;
  private final Mat resized = new Mat();
  private final Mat letterboxed = new Mat();
  private final Mat blob = new Mat();
  private final Size inputSize;
  private final float[] output;

  YoloxDetector(AnalyticsSettings settings, Path model) {
    this.settings = settings;
    this.net = readNetFromONNX(model.toString());
    this.size = settings.inputSize();
    this.inputSize = new Size(size, size);
    this.output = new float[YoloxDecoder.rows(size) * YoloxDecoder.ROW];
  }

  @Override
  public List<Detection> detect(Mat bgr, Rect roi) {
    int x0 = roi == null ? 0 : roi.x();
    int y0 = roi == null ? 0 : roi.y();
    int w = roi == null ? bgr.cols() : roi.width();
    int h = roi == null ? bgr.rows() : roi.height();
    double scale = Math.min((double) size / w, (double) size / h);
    int rw = Math.max(1, Math.min(size, (int) Math.round(w * scale)));
    int rh = Math.max(1, Math.min(size, (int) Math.round(h * scale)));
    try (Size target = new Size(rw, rh)) {
      if (roi == null) {
        resize(bgr, resized, target, 0, 0, INTER_LINEAR);
      } else {
        try (Mat crop = bgr.apply(roi)) {
          resize(crop, resized, target, 0, 0, INTER_LINEAR);
        }
      }
    }
    // YOLOX was trained with the image at the top-left and grey padding to the right and bottom.
    copyMakeBorder(resized, letterboxed, 0, size - rh, 0, size - rw, BORDER_CONSTANT, PAD);
    blobFromImage(letterboxed, blob, 1.0, inputSize, ZERO, false, false, CV_32F);
    net.setInput(blob);
    try (Mat out = net.forward()) {
      if (out.total() * out.channels() != output.length) {
        throw new IllegalStateException("model output has " + out.total() + " values, expected " + output.length
            + " for a YOLOX model with input " + size);
      }
      try (FloatPointer p = new FloatPointer(out.data())) {
        p.get(output);
      }
    }
    return YoloxDecoder.decode(output, size, scale, x0, y0, x0 + w, y0 + h,
        settings.lowScoreThreshold(), settings.nmsThreshold());
  }

  @Override
  public boolean detectsVehicles() {
    return true;
  }

  @Override
  public void close() {
    net.close();
    resized.close();
    letterboxed.close();
    blob.close();
    inputSize.close();
  }
}
