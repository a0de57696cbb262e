package io.vigil.ingest;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.Picture;
import io.vigil.ingest.testing.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * Vigil's own mode copies the decoder's YUV out and makes BGR only when asked: what it makes must be the
 * picture FFmpeg's own BGR conversion gives, for the layout cameras send (yuv420p) and for one that
 * needs converting on the way (full-range yuvj420p Motion JPEG at an odd size).
 */
class I420CopierTest {
  private static final int FRAMES = 5;

  @Test
  void aCameraFrameCopiedAsYuvGivesFfmpegsBgr() throws Exception {
    compare(TestMedia.h264(), 640, 360, 2.0);
  }

  @Test
  void anotherLayoutIsConvertedAndAnOddSizeCutToEven() throws Exception {
    // H.264 4:2:0 cannot have an odd size; Motion JPEG (which some cameras send) can, in full range.
    Path odd = TestMedia.make("odd-yuvj420p.mkv", List.of("-t", "1", "-i",
        TestMedia.shared("sample-clips/one-by-one-person-detection.mp4").toString(), "-an", "-vf", "scale=321:181",
        "-c:v", "mjpeg", "-pix_fmt", "yuvj420p"));
    compare(odd, 320, 180, 6.0);
  }

  /** Mean absolute difference per channel between the copy's BGR and FFmpeg's, over the first frames. */
  private static void compare(Path clip, int width, int height, double tolerance) throws Exception {
    try (FFmpegFrameGrabber raw = new FFmpegFrameGrabber(clip.toFile());
        FFmpegFrameGrabber color = new FFmpegFrameGrabber(clip.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        I420Copier copier = new I420Copier()) {
      raw.setImageMode(FrameGrabber.ImageMode.RAW);
      raw.startUnsafe();
      color.startUnsafe();
      for (int i = 0; i < FRAMES; i++) {
        Frame r = raw.grabImage();
        Frame c = color.grabImage();
        try (Picture picture = copier.copy((AVFrame) r.opaque)) {
          assertEquals(width, picture.width());
          assertEquals(height, picture.height());
          Mat expected = converter.convert(c);
          Mat got = picture.bgr();
          try (Mat cut = expected.apply(new Rect(0, 0, width, height));
              Mat diff = new Mat()) {
            absdiff(cut, got, diff);
            Scalar m = mean(diff);
            for (int ch = 0; ch < 3; ch++) {
              double d = m.get(ch);
              assertTrue(d <= tolerance, "frame " + i + " channel " + ch + " differs by " + d + " on average");
            }
          }
        }
      }
    }
  }
}
