package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_YUV2BGR_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded frame as the decoder gave it: planar YUV 4:2:0 (I420, limited range, as H.264 cameras
 * send it) or, for stills and files read through OpenCV, BGR. The motion gate reads the luma plane of
 * an I420 picture directly; BGR is made from it only on first use (a detector pass, a watched viewer,
 * an alert's snapshot) and kept for the rest of the frame's analysis. Copying YUV out of the decoder
 * moves 1.4 MB per 720p frame where BGR moved 2.7 MB after a colour conversion; on the bench's quiet
 * scene the detector runs on 39% of analysed frames, so most never pay for BGR at all (measured, 12
 * cameras, same machine and minute: 24.6 -> 23.7 CPU ms per camera-second quiet, 50.2 -> 48.9 busy).
 *
 * <p>Owned by one thread at a time: the grab thread that made it, then the analytics thread it is
 * handed to, which closes it (and the BGR made from it) when the frame's analysis is done.
 */
public final class Picture implements AutoCloseable {
  private final Mat i420;
  private Mat bgr;
  private Mat luma;
  private final int width;
  private final int height;
  /** False for {@link #borrowing}: the caller keeps its BGR frame and closes it. */
  private final boolean ownsBgr;
  private int conversions;

  private Picture(Mat i420, Mat bgr, int width, int height, boolean ownsBgr) {
    this.i420 = i420;
    this.bgr = bgr;
    this.width = width;
    this.height = height;
    this.ownsBgr = ownsBgr;
  }

  /**
   * Takes ownership of an I420 buffer: {@code height * 3 / 2} rows of {@code width} bytes (the Y plane,
   * then U and V, each a quarter of it). Width and height must be even.
   */
  public static Picture ofI420(Mat i420, int width, int height) {
    if (i420.type() != CV_8UC1 || i420.cols() != width || i420.rows() != height * 3 / 2 || width % 2 != 0
        || height % 2 != 0) {
      throw new IllegalArgumentException("expected an I420 buffer of " + width + "x" + (height * 3 / 2)
          + " bytes for an even " + width + "x" + height + " frame, got type " + i420.type() + " size "
          + i420.cols() + "x" + i420.rows());
    }
    return new Picture(i420, null, width, height, true);
  }

  /** Takes ownership of an 8-bit BGR frame. */
  public static Picture ofBgr(Mat bgr) {
    return new Picture(null, checkBgr(bgr), bgr.cols(), bgr.rows(), true);
  }

  /** Wraps an 8-bit BGR frame that the caller keeps and closes after this picture. */
  public static Picture borrowing(Mat bgr) {
    return new Picture(null, checkBgr(bgr), bgr.cols(), bgr.rows(), false);
  }

  private static Mat checkBgr(Mat bgr) {
    if (bgr.type() != CV_8UC3) {
      throw new IllegalArgumentException("expected an 8-bit BGR frame, got type " + bgr.type() + " size "
          + bgr.cols() + "x" + bgr.rows());
    }
    return bgr;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The luma plane (a view into the picture, valid until it is closed), or null for a BGR picture. */
  Mat luma() {
    if (i420 == null) return null;
    if (luma == null) luma = i420.rowRange(0, height);
    return luma;
  }

  /** The frame in 8-bit BGR, converted on the first call; valid until the picture is closed. */
  public Mat bgr() {
    if (bgr == null) {
      bgr = new Mat();
      cvtColor(i420, bgr, COLOR_YUV2BGR_I420);
      conversions++;
    }
    return bgr;
  }

  /** How many BGR conversions this picture made: 0 or 1. */
  public int conversions() {
    return conversions;
  }

  @Override
  public void close() {
    if (luma != null) luma.close();
    if (i420 != null) i420.close();
    if (bgr != null && (ownsBgr || i420 != null)) bgr.close();
  }
}
