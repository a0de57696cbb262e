package io.vigil.analytics;

import io.vigil.analytics.OfflineAnalyzer.Summary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/** The offline counting loop behind {@link io.vigil.analytics.OfflineAnalyzer}. */
final class OfflineRun {
  private static final long PROGRESS_NANOS = Duration.ofSeconds(5).toNanos();

  private OfflineRun() {}

  public static Summary run(Path input, Path outCsv, Optional<List<Point>> zone, int every, AnalyticsSettings settings,
      PrintStream progress) throws IOException {
    return run(input, outCsv, zone, every, settings, true, progress);
  }

  /**
   * @param rateProfile whether the settings are adjusted to the analytic rate as the platform does
   *                    ({@link AnalyticsSettings#forAnalyticRate}); false runs them exactly, for tuning
   */
  public static Summary run(Path input, Path outCsv, Optional<List<Point>> zone, int every, AnalyticsSettings settings,
      boolean rateProfile, PrintStream progress) throws IOException {
    if (!Files.isReadable(input)) {
      throw new IOException("cannot read input video " + input);
    }
    List<Zone> zones = zone.map(p -> List.of(new Zone("zone", p, null, null, null, null))).orElse(List.of());
    Path absolute = outCsv.toAbsolutePath();
    Path tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    long read = 0;
    long analysed = 0;
    long passes = 0;
    long cpu = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        BufferedWriter out = Files.newBufferedWriter(tmp)) {
      grabber.startUnsafe();
      double fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
      // Analysing every Nth frame of footage is a camera analysed at fps / N.
      int total = grabber.getLengthInVideoFrames();
      out.write("frame,people\n");
      long started = System.nanoTime();
      long lastProgress = started;
      Frame frame;
      try (CameraAnalyzer analyzer = new CameraAnalyzer(
          rateProfile ? settings.forAnalyticRate(fps / every) : settings, zones)) {
        while ((frame = grabber.grabImage()) != null) {
          long index = read++;
          if (index % every == 0) {
            // Timestamps from the frame index, not the container: AVI timestamps are often missing.
            long timestamp = Math.round(index * 1000.0 / fps);
            FrameAnalysis result = analyzer.analyze(converter.convert(frame), timestamp);
            analysed++;
            passes += result.detectorRan() ? 1 : 0;
            cpu += result.cpuNanos();
            out.write(index + "," + result.zones().get(0).current() + "\n");
          }
          // Checked on every decoded frame, so that a large --every still reports.
          long now = System.nanoTime();
          if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            progress.printf(Locale.ROOT, "analysed %d frames (frame %d of %s), %.1f frames/s, %d detector passes%n",
                analysed, index, total > 0 ? String.valueOf(total) : "?", analysed / ((now - started) / 1e9), passes);
          }
        }
      }
      grabber.stop();
    } catch (FrameGrabber.Exception e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot decode " + input + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    progress.printf(Locale.ROOT, "done: %d frames read, %d analysed, %d detector passes, %.1f ms CPU per analysed frame%n",
        read, analysed, passes, analysed == 0 ? 0 : cpu / 1e6 / analysed);
    return new Summary(read, analysed, passes, cpu);
  }
}
