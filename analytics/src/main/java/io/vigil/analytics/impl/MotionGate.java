package io.vigil.analytics.impl;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_video.createBackgroundSubtractorMOG2;

import io.vigil.analytics.Box;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;

/**
 * Cheap motion detection on a small grey copy of the frame. MOG2 adapts to lighting and to people
 * who stop (they fade into the background), which is why the tracker, not the gate, keeps still
 * people counted. All buffers are reused; nothing native is allocated per frame.
 */
public final class MotionGate implements AutoCloseable {
  /** Frames of history: at one analysed frame per second a still object fades in about a minute. */
  private static final int HISTORY = 60;
  private static final double VARIANCE_THRESHOLD = 25;

  private final int width;
  private final BackgroundSubtractorMOG2 subtractor = createBackgroundSubtractorMOG2(HISTORY, VARIANCE_THRESHOLD, false);
  private final Mat small = new Mat();
  private final Mat grey = new Mat();
  private final Mat raw = new Mat();
  private final Mat mask = new Mat();
  private final Mat kernel = getStructuringElement(MORPH_RECT, new Size(3, 3));
  private double scale = 1;
  private int frames;

  public MotionGate(int width) {
    this.width = width;
  }

  /** Downscales and converts {@code bgr} to grey: the CONVERT stage. */
  public void convert(Mat bgr) {
    scale = Math.min(1.0, (double) width / bgr.cols());
    try (Size target = new Size((int) Math.round(bgr.cols() * scale), (int) Math.round(bgr.rows() * scale))) {
      resize(bgr, small, target, 0, 0, INTER_AREA);
    }
    cvtColor(small, grey, COLOR_BGR2GRAY);
  }

  /**
   * Updates the background model with the converted frame: the MOTION stage.
   *
   * @return the fraction of pixels that moved; 1 for the first frame, which has no background yet
   */
  public double apply() {
    subtractor.apply(grey, raw);
    // One-pixel erosion removes sensor noise and compression speckle that MOG2 reports as motion.
    threshold(raw, mask, 127, 255, THRESH_BINARY);
    erode(mask, mask, kernel);
    return frames++ == 0 ? 1.0 : (double) countNonZero(mask) / mask.total();
  }

  /**
   * Fraction of moving pixels inside a box given in pixels of the full frame; 0 on the first frame,
   * where there is no background to differ from.
   */
  public double movingFraction(Box box) {
    if (frames <= 1) {
      return 0;
    }
    int x0 = clamp((int) Math.floor(box.left() * scale), mask.cols());
    int y0 = clamp((int) Math.floor(box.top() * scale), mask.rows());
    int x1 = clamp((int) Math.ceil(box.right() * scale), mask.cols());
    int y1 = clamp((int) Math.ceil(box.bottom() * scale), mask.rows());
    if (x1 <= x0 || y1 <= y0) {
      return 0;
    }
    try (Rect r = new Rect(x0, y0, x1 - x0, y1 - y0); Mat roi = mask.apply(r)) {
      return (double) countNonZero(roi) / ((long) r.width() * r.height());
    }
  }

  /** Forgets the background, for a stream whose resolution changed. */
  public void reset() {
    subtractor.clear();
    frames = 0;
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  @Override
  public void close() {
    subtractor.close();
    small.close();
    grey.close();
    raw.close();
    mask.close();
    kernel.close();
  }
}
