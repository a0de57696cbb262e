package io.vigil.web.impl;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

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
 * Keeps each camera's newest analysed frame and encodes it to JPEG only when somebody looks: a 720p
 * JPEG costs ~15 ms in JavaCV's OpenCV, too much to pay for every camera every second when most are
 * not on anyone's screen.
 */
final class LatestFrames implements FrameSource {
  /** Wide enough for the camera page; a smaller copy keeps memory and encode time low at 100+ cameras. */
  static final int MAX_WIDTH = 960;
  private static final int JPEG_QUALITY = 75;

  private final Vertx vertx;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    Mat frame;
    long seq;
    Buffer jpeg;
    long jpegSeq = -1;
  }

  LatestFrames(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Called on the analytics thread with a frame it does not own: copies what it keeps. */
  void update(String cameraId, Mat bgr) {
    Mat copy = new Mat();
    if (bgr.cols() > MAX_WIDTH) {
      int h = (int) Math.round(bgr.rows() * (double) MAX_WIDTH / bgr.cols());
      try (Size size = new Size(MAX_WIDTH, h)) {
        resize(bgr, copy, size, 0, 0, INTER_AREA);
      }
    } else {
      bgr.copyTo(copy);
    }
    Slot slot = slots.computeIfAbsent(cameraId, id -> new Slot());
    Mat old;
    synchronized (slot) {
      old = slot.frame;
      slot.frame = copy;
      slot.seq++;
    }
    if (old != null) old.close();
  }

  void remove(String cameraId) {
    Slot slot = slots.remove(cameraId);
    if (slot != null) {
      synchronized (slot) {
        if (slot.frame != null) slot.frame.close();
        slot.frame = null;
      }
    }
  }

  @Override
  public Future<Buffer> latestJpeg(String cameraId) {
    Slot slot = slots.get(cameraId);
    if (slot == null) return Future.succeededFuture(null);
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
