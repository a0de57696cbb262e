package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;

/**
 * OpenCV's built-in HOG+SVM pedestrian detector: no model file needed, but it misses people shorter
 * than its 128 px window and is slower than YOLOX-nano at 720p, so it runs on a frame at most
 * {@link #MAX_WIDTH} wide.
 */
final class HogPeopleDetector implements PersonDetector {
  static final int MAX_WIDTH = 640;

  private final HOGDescriptor hog = new HOGDescriptor();
  private final Mat small = new Mat();
  private final double minScore;

  HogPeopleDetector(double minScore) {
    try (FloatPointer svm = HOGDescriptor.getDefaultPeopleDetector(); Mat coefficients = new Mat(svm)) {
      hog.setSVMDetector(coefficients);
    }
    this.minScore = minScore;
  }

  @Override
  public List<Detection> detect(Mat bgr, Rect roi) {
    int x0 = roi == null ? 0 : roi.x();
    int y0 = roi == null ? 0 : roi.y();
    Mat source = roi == null ? bgr : bgr.apply(roi);
    try {
      double scale = Math.min(1.0, (double) MAX_WIDTH / source.cols());
      Mat input = source;
      if (scale < 1.0) {
        try (Size target = new Size((int) Math.round(source.cols() * scale), (int) Math.round(source.rows() * scale))) {
          resize(source, small, target, 0, 0, INTER_LINEAR);
        }
        input = small;
      }
      List<Detection> result = new ArrayList<>();
      try (RectVector found = new RectVector(); DoublePointer weights = new DoublePointer()) {
        hog.detectMultiScale(input, found, weights);
        for (int i = 0; i < found.size(); i++) {
          Rect r = found.get(i);
          // SVM margins are unbounded; squash them into 0..1 so they share the YOLOX thresholds.
          double score = 1 / (1 + Math.exp(-weights.get(i)));
          if (score >= minScore) {
            result.add(new Detection(ObjectClass.PERSON, new Box(x0 + r.x() / scale, y0 + r.y() / scale,
                x0 + (r.x() + r.width()) / scale, y0 + (r.y() + r.height()) / scale), score));
          }
        }
      }
      return result;
    } finally {
      if (source != bgr) {
        source.close();
      }
    }
  }

  @Override
  public boolean detectsVehicles() {
    return false;
  }

  @Override
  public void close() {
    hog.close();
    small.close();
  }
}
