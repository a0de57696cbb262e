package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_video.createBackgroundSubtractorMOG2;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;

/**
 * Cheap motion detection on a small grey copy of the frame. MOG2 adapts to lighting and to people
 * who stop (they fade into the background), which is why the tracker, not the gate, keeps still
 * people counted. All buffers are reused; nothing native is allocated per frame.
 */
final class MotionGate implements FrameProbe, AutoCloseable {
  /** Frames of history: at one analysed frame per second a still object fades in about a minute. */
  private static final int HISTORY = 60;
  private static final double VARIANCE_THRESHOLD = 25;
  private static final int PATCH_WIDTH = 8;
  private static final int PATCH_HEIGHT = 16;
  /** Black and white of limited-range (BT.601 "TV") luma, what H.264 cameras send. */
  private static final double LUMA_BLACK = 16;
  private static final double LIMITED_RANGE_GAIN = 255.0 / (235 - 16);

  private final int width;
  private final BackgroundSubtractorMOG2 subtractor = createBackgroundSubtractorMOG2(HISTORY, VARIANCE_THRESHOLD, false);
  private final Mat small = new Mat();
  private final Mat grey = new Mat();
  private final Mat raw = new Mat();
  private final Mat mask = new Mat();
  private final Mat residual = new Mat();
  private final Scalar zero = new Scalar(0.0);
  private final Mat kernel;
  private final Mat thumbnail = new Mat();
  private final Size thumbnailSize = new Size(PATCH_WIDTH, PATCH_HEIGHT);
  private final byte[] thumbnailBytes = new byte[PATCH_WIDTH * PATCH_HEIGHT];
  private double scale = 1;
  private int frames;

  public MotionGate(int width) {
    this.width = width;
    try (Size three = new Size(3, 3)) {
      this.kernel = getStructuringElement(MORPH_RECT, three);
    }
  }

  /**
   * Makes the gate's small grey copy of a picture: the CONVERT stage. An I420 picture's luma plane is
   * downscaled directly, with no colour conversion; a BGR one is downscaled and converted.
   */
  public void convert(Picture picture) {
    Mat luma = picture.luma();
    if (luma == null) {
      convert(picture.bgr());
      return;
    }
    scale = Math.min(1.0, (double) width / luma.cols());
    try (Size target = new Size((int) Math.round(luma.cols() * scale), (int) Math.round(luma.rows() * scale))) {
      resize(luma, small, target, 0, 0, INTER_AREA);
    }
    // Camera luma is limited range (16-235); BGR2GRAY of the converted frame spans 0-255. Stretching
    // keeps the background model's variance threshold meaning the same for both kinds of picture.
    small.convertTo(grey, -1, LIMITED_RANGE_GAIN, -LUMA_BLACK * LIMITED_RANGE_GAIN);
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
  @Override
  public double motion(Box box) {
    if (frames <= 1) {
      return 0;
    }
    try (Rect r = scaledRect(box)) {
      if (r == null) {
        return 0;
      }
      try (Mat roi = mask.apply(r)) {
        return (double) countNonZero(roi) / ((long) r.width() * r.height());
      }
    }
  }

  @Override
  public float[] patch(Box box) {
    try (Rect r = scaledRect(box)) {
      if (r == null) {
        return null;
      }
      try (Mat roi = grey.apply(r)) {
        resize(roi, thumbnail, thumbnailSize, 0, 0, INTER_AREA);
      }
    }
    thumbnail.data().get(thumbnailBytes);
    float[] patch = new float[thumbnailBytes.length];
    float mean = 0;
    for (int i = 0; i < patch.length; i++) {
      patch[i] = thumbnailBytes[i] & 0xff;
      mean += patch[i];
    }
    mean /= patch.length;
    // Mean-free, so that a cloud passing over a standing person does not read as a change.
    for (int i = 0; i < patch.length; i++) {
      patch[i] -= mean;
    }
    return patch;
  }

  /** The box in pixels of the downscaled frame, clipped to it; null when nothing is left. */
  private Rect scaledRect(Box box) {
    int x0 = clamp((int) Math.floor(box.left() * scale), grey.cols());
    int y0 = clamp((int) Math.floor(box.top() * scale), grey.rows());
    int x1 = clamp((int) Math.ceil(box.right() * scale), grey.cols());
    int y1 = clamp((int) Math.ceil(box.bottom() * scale), grey.rows());
    return x1 <= x0 || y1 <= y0 ? null : new Rect(x0, y0, x1 - x0, y1 - y0);
  }

  /**
   * The bounding box of everything that moved, in full-frame pixels, grown by {@code margin} on each
   * side and clipped to the frame; null when nothing moved or on the first frame.
   */
  public Box motionBounds(double margin, int frameWidth, int frameHeight) {
    if (frames <= 1) {
      return null;
    }
    try (Rect r = boundingRect(mask)) {
      if (r.width() == 0 || r.height() == 0) {
        return null;
      }
      return new Box(Math.max(0, r.x() / scale - margin), Math.max(0, r.y() / scale - margin),
          Math.min(frameWidth, (r.x() + r.width()) / scale + margin),
          Math.min(frameHeight, (r.y() + r.height()) / scale + margin));
    }
  }

  /**
   * Fraction of the downscaled frame's pixels that moved outside all of {@code boxes} (full-frame
   * pixels, each grown by {@code margin} times its height on every side): the motion that the
   * objects in those boxes do not explain. 1 on the first frame, where nothing can be explained.
   */
  public double motionOutside(List<Box> boxes, double margin) {
    if (frames <= 1) {
      return 1;
    }
    mask.copyTo(residual);
    for (Box b : boxes) {
      double m = margin * b.height();
      try (Rect r = scaledRect(new Box(b.left() - m, b.top() - m, b.right() + m, b.bottom() + m))) {
        if (r != null) {
          try (Mat roi = residual.apply(r)) {
            roi.put(zero);
          }
        }
      }
    }
    return (double) countNonZero(residual) / residual.total();
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
    residual.close();
    zero.close();
    kernel.close();
    thumbnail.close();
    thumbnailSize.close();
  }
}
