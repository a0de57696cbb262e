package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.testing.TestFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ONNX Runtime and OpenCV DNN run the same pre- and post-processing, so on real frames they must
 * find the same people in the same places: the same count, and every box matched one to one with
 * IoU of at least 0.9 (the two runtimes' float arithmetic differs only in the last digits).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorRuntimesTest {
  private static final double MIN_IOU = 0.9;
  /** Frames spread over the clip: 2 to 8 people, near and far, some overlapping. */
  private static final int[] FRAMES = {0, 200, 400, 600, 790};

  private final List<Mat> frames = new ArrayList<>();
  private PersonDetector onnx;
  private PersonDetector opencv;

  @BeforeAll
  void load() throws Exception {
    AnalyticsSettings settings = AnalyticsSettings.defaults().withModel(TestFiles.require(TestFiles.YOLOX_NANO));
    onnx = new Detectors().create(settings.withRuntime(DetectorRuntime.ONNXRUNTIME));
    opencv = new Detectors().create(settings.withRuntime(DetectorRuntime.OPENCV));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(TestFiles.require(TestFiles.PETS_CLIP).toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Size hd = new Size(1280, 720)) {
      grabber.start();
      Frame f;
      for (int i = 0, next = 0; next < FRAMES.length && (f = grabber.grabImage()) != null; i++) {
        if (i == FRAMES[next]) {
          // 720p as a camera sends it: a 16:9 frame runs at 416x256, not the model's declared square.
          Mat m = new Mat();
          resize(converter.convert(f), m, hd, 0, 0, INTER_LINEAR);
          frames.add(m);
          next++;
        }
      }
      grabber.stop();
    }
    assertEquals(FRAMES.length, frames.size(), "frames read from the clip");
  }

  @AfterAll
  void close() {
    frames.forEach(Mat::close);
    onnx.close();
    opencv.close();
  }

  @Test
  void wholeFramePassesFindTheSameBoxes() {
    int people = 0;
    for (int i = 0; i < frames.size(); i++) {
      List<Detection> a = onnx.detect(frames.get(i), null);
      List<Detection> b = opencv.detect(frames.get(i), null);
      assertMatch("frame " + FRAMES[i], a, b);
      people += a.size();
    }
    assertTrue(people >= 2 * frames.size(), "the frames show people; found " + people);
  }

  @Test
  void regionPassesFindTheSameBoxes() {
    // A region of another shape than the whole frame (480x544 source pixels: 160x192 model input).
    try (Rect roi = new Rect(400, 176, 480, 544)) {
      for (int i = 0; i < frames.size(); i++) {
        assertMatch("frame " + FRAMES[i] + " region", onnx.detect(frames.get(i), roi), opencv.detect(frames.get(i), roi));
      }
    }
  }

  @Test
  void onnxRuntimeIsTheDefault() {
    assertEquals(DetectorRuntime.ONNXRUNTIME, AnalyticsSettings.defaults().runtime());
  }

  /** Greedy one-to-one matching, strongest first, within the same class. */
  private static void assertMatch(String what, List<Detection> a, List<Detection> b) {
    assertEquals(b.size(), a.size(), () -> what + ": ONNX Runtime found " + a + ", OpenCV " + b);
    List<Detection> left = new ArrayList<>(b);
    List<Detection> sorted = new ArrayList<>(a);
    sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
    for (Detection d : sorted) {
      Detection best = null;
      double bestIou = -1;
      for (Detection o : left) {
        double iou = o.objectClass() == d.objectClass() ? o.box().iou(d.box()) : -1;
        if (iou > bestIou) {
          best = o;
          bestIou = iou;
        }
      }
      double iou = bestIou;
      assertTrue(iou >= MIN_IOU, () -> what + ": " + d + " best match IoU " + iou + " in " + b);
      assertFalse(best == null);
      left.remove(best);
    }
  }
}
