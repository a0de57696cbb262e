package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * CPU milliseconds (this thread's CPU time, so other load on the machine does not inflate it) per
 * analysed 720p frame, median, split into frames with and without a detector pass and per stage.
 * The PETS clip is upscaled to 1280x720 and analysed at one frame per second of video (every 10th
 * frame), looped. Arg: number of analysed frames (default 300).
 */
public final class CpuPerFrame {
  private CpuPerFrame() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Path shared = Path.of(System.getProperty("vigil.shared", "../shared"));
    AnalyticsSettings settings = AnalyticsSettings.defaults().withModel(shared.resolve("models/yolox-nano/yolox_nano.onnx"));
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    List<Mat> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(shared.resolve("data/pets09-s2l1/vtest.avi").toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Size hd = new Size(1280, 720)) {
      grabber.start();
      Frame f;
      for (int i = 0; (f = grabber.grabImage()) != null; i++) {
        if (i % 10 == 0) {
          Mat m = new Mat();
          resize(converter.convert(f), m, hd, 0, 0, INTER_LINEAR);
          frames.add(m);
        }
      }
      grabber.stop();
    }
    List<Long> withDetector = new ArrayList<>();
    List<Long> withoutDetector = new ArrayList<>();
    Map<Stage, List<Long>> stages = new EnumMap<>(Stage.class);
    try (CameraAnalyzer analyzer = new CameraAnalyzer(settings, List.of())) {
      for (int i = 0; i < count; i++) {
        // Every other pass over the clip is played still (the same frame repeated), as a quiet camera.
        int loop = i / frames.size();
        Mat frame = frames.get(loop % 2 == 0 ? i % frames.size() : frames.size() - 1);
        FrameAnalysis r = analyzer.analyze(frame, i * 1000L);
        (r.detectorRan() ? withDetector : withoutDetector).add(r.cpuNanos());
        r.timings().forEach((stage, t) -> {
          if (stage != Stage.DETECT || r.detectorRan()) {
            stages.computeIfAbsent(stage, s -> new ArrayList<>()).add(t.cpuNanos());
          }
        });
      }
    }
    System.out.printf(Locale.ROOT, "analysed %d frames of 1280x720: %d with a detector pass, %d without%n", count,
        withDetector.size(), withoutDetector.size());
    System.out.printf(Locale.ROOT, "median CPU ms per frame with detector %.2f, without %.2f%n", medianMs(withDetector),
        medianMs(withoutDetector));
    stages.forEach((stage, v) -> System.out.printf(Locale.ROOT, "  %-8s median %.3f ms%n", stage, medianMs(v)));
    frames.forEach(Mat::close);
  }

  private static double medianMs(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2] / 1e6;
  }
}
