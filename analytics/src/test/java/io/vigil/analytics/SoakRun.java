package io.vigil.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * Loops the PETS clip through one analyzer (a new grabber per loop, as a reconnecting camera would)
 * for a given number of minutes and prints resident memory every 30 s, to show that native memory
 * stays flat. Run it with a fixed, pre-touched heap ({@code -Xms256m -Xmx256m -XX:+AlwaysPreTouch})
 * so that heap growth does not hide in, or pass for, native growth. Args: minutes [every].
 */
public final class SoakRun {
  private SoakRun() {}

  public static void main(String[] args) throws Exception {
    Duration length = Duration.ofMinutes(Long.parseLong(args.length > 0 ? args[0] : "10"));
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path shared = Path.of(System.getProperty("vigil.shared", "../shared"));
    AnalyticsSettings settings = AnalyticsSettings.defaults().withModel(shared.resolve("models/yolox-nano/yolox_nano.onnx"));
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    long start = System.nanoTime();
    long nextReport = start;
    long timestamp = 0;
    long analysed = 0;
    List<Long> rss = new ArrayList<>();
    try (CameraAnalyzer analyzer = new CameraAnalyzer(settings, List.of());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      while (System.nanoTime() - start < length.toNanos()) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(shared.resolve("data/pets09-s2l1/vtest.avi").toFile())) {
          grabber.startUnsafe();
          Frame f;
          for (int i = 0; (f = grabber.grabImage()) != null && System.nanoTime() - start < length.toNanos(); i++) {
            timestamp += 100;
            if (i % every != 0) {
              continue;
            }
            FrameAnalysis r = analyzer.analyze(converter.convert(f), timestamp);
            analysed++;
            if (System.nanoTime() >= nextReport) {
              nextReport += Duration.ofSeconds(30).toNanos();
              long kb = residentKb();
              rss.add(kb);
              System.out.printf(Locale.ROOT, "t=%4ds analysed=%6d people=%d rss=%d MiB javacpp=%d MiB%n",
                  (System.nanoTime() - start) / 1_000_000_000L, analysed, r.people(), kb / 1024,
                  Pointer.totalBytes() >> 20);
            }
          }
          grabber.stop();
        }
      }
    }
    System.out.printf(Locale.ROOT, "analysed %d frames; rss first report %d MiB, at 1 min %d MiB, last %d MiB%n", analysed,
        rss.get(0) / 1024, rss.get(Math.min(2, rss.size() - 1)) / 1024, rss.get(rss.size() - 1) / 1024);
  }

  private static long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
