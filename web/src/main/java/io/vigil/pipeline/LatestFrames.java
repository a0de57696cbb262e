package io.vigil.pipeline;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.vigil.analytics.Picture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vigil.web.FrameSource;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Keeps the newest analysed frame of each camera somebody is looking at, and encodes it to JPEG only
 * when asked: a 720p JPEG costs ~15 ms in JavaCV's OpenCV and even the copy and resize cost 6-8 ms per
 * camera-second (measured by the bench), too much to pay for every camera when most are on nobody's
 * screen. A camera nobody asked for within {@link #WATCHED_FOR_MILLIS} costs nothing here.
 */
public final class LatestFrames implements FrameSource {
  /** Wide enough for the camera page; a smaller copy keeps memory and encode time low at 100+ cameras. */
  static final int MAX_WIDTH = 960;
  private static final int JPEG_QUALITY = 75;
  /** The viewer polls about once a second; ten seconds of silence means the page is gone. */
  static final long WATCHED_FOR_MILLIS = 10_000;

  private final Vertx vertx;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    volatile long requestedAt = System.currentTimeMillis();
    Mat frame;
    long seq;
    Buffer jpeg;
    long jpegSeq = -1;
  }

  public LatestFrames(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Called on the analytics thread with a frame it does not own: copies what it keeps. Only a watched
   * camera's picture is converted to BGR here (if the detector has not already).
   */
  void update(String cameraId, Picture picture) {
    Slot slot = slots.get(cameraId);
    if (slot == null) return;
    if (System.currentTimeMillis() - slot.requestedAt > WATCHED_FOR_MILLIS) {
      release(slot);
      return;
    }
    Mat bgr = picture.bgr();
    Mat copy = new Mat();
    if (bgr.cols() > MAX_WIDTH) {
      int h = (int) Math.round(bgr.rows() * (double) MAX_WIDTH / bgr.cols());
      try (Size size = new Size(MAX_WIDTH, h)) {
        resize(bgr, copy, size, 0, 0, INTER_LINEAR);
      }
    } else {
      bgr.copyTo(copy);
    }
    Mat old;
    synchronized (slot) {
      old = slot.frame;
      slot.frame = copy;
      slot.seq++;
    }
    if (old != null) old.close();
  }

  public void remove(String cameraId) {
    Slot slot = slots.remove(cameraId);
    if (slot != null) release(slot);
  }

  private static void release(Slot slot) {
    synchronized (slot) {
      if (slot.frame != null) slot.frame.close();
      slot.frame = null;
      slot.jpeg = null;
      slot.jpegSeq = -1;
    }
  }

  @Override
  public Future<Buffer> latestJpeg(String cameraId) {
    // Asking is what makes a camera watched: its next analysed frame is kept.
    Slot slot = slots.computeIfAbsent(cameraId, id -> new Slot());
    slot.requestedAt = System.currentTimeMillis();
    return vertx.executeBlocking(() -> {
      synchronized (slot) {
        if (slot.frame == null) return null;
        if (slot.jpegSeq != slot.seq) {
          try (BytePointer out = new BytePointer();
              IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
            imencode(".jpg", slot.frame, out, params);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            slot.jpeg = Buffer.buffer(bytes);
            slot.jpegSeq = slot.seq;
          }
        }
        return slot.jpeg;
      }
    }, false);
  }
}
