package io.vigil.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.vigil.analytics.Picture;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Copies a decoded frame out of the decoder as a {@link Picture} in I420, the layout H.264 decodes to:
 * then swscale's unscaled path is a plain copy of the three planes (1.4 MB for 720p, against 2.7 MB
 * and a colour conversion for BGR). Another layout (full-range yuvj420p, 4:2:2, NV12) is converted to
 * limited-range I420 by the same call; an odd width or height is cut to the even size I420 needs.
 *
 * <p>Owned by one camera's grab thread.
 */
final class I420Copier implements AutoCloseable {
  private SwsContext context;
  private final IntPointer strides = new IntPointer(4);
  private final PointerPointer<BytePointer> planes = new PointerPointer<>(4);

  /** A copy of {@code frame}, owned by the caller. */
  Picture copy(AVFrame frame) {
    int width = frame.width() & ~1;
    int height = frame.height() & ~1;
    context = sws_getCachedContext(context, frame.width(), frame.height(), frame.format(), width, height,
        AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
    if (context == null) {
      throw new IllegalStateException("swscale cannot convert pixel format " + frame.format() + " at "
          + frame.width() + "x" + frame.height() + " to yuv420p");
    }
    Mat i420 = new Mat(height * 3 / 2, width, CV_8UC1);
    long lumaBytes = (long) width * height;
    BytePointer data = i420.data();
    planes.put(0, data);
    planes.put(1, data.getPointer(lumaBytes));
    planes.put(2, data.getPointer(lumaBytes + lumaBytes / 4));
    strides.put(0, width).put(1, width / 2).put(2, width / 2).put(3, 0);
    sws_scale(context, frame.data(), frame.linesize(), 0, frame.height(), planes, strides);
    return Picture.ofI420(i420, width, height);
  }

  @Override
  public void close() {
    sws_freeContext(context);
    context = null;
    strides.close();
    planes.close();
  }
}
