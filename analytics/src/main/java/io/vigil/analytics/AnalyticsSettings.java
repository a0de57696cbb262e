package io.vigil.analytics;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tuning of the analytics pipeline. Every value is bounded; {@link #defaults()} is what Vigil ships
 * with and what the accuracy figures in BENCHMARKS.md were measured with.
 *
 * @param model              YOLOX ONNX file; null (or a missing file) falls back to the HOG people detector
 * @param runtime            what runs the model's forward pass; {@link DetectorRuntime#ONNXRUNTIME} by default
 * @param inputSize          side of the square model input in pixels (YOLOX-nano: 416)
 * @param scoreThreshold     detections at or above this may start a track
 * @param lowScoreThreshold  detections at or above this may only extend an existing track (ByteTrack's
 *                           second association), which keeps partly occluded people counted
 * @param nmsThreshold       IoU above which the weaker of two same-class boxes is suppressed
 * @param detectorRefresh    a whole-frame pass runs at least this often, even when nothing moves, while
 *                           something moves or someone is tracked
 * @param verifyInterval     while the confirmed tracks explain all motion the detector may rest, but a
 *                           pass over the moving region runs at least this often, so that someone
 *                           walking in beside a tracked person is found within this time
 * @param restOnTracks       whether a frame whose motion the settled tracks explain may skip the detector
 *                           (the tracks' prediction stands in); false runs a pass over the moving region
 *                           on every frame that moved
 * @param schedule           when the detector runs; {@link DetectionSchedule#GATED} is Vigil's
 * @param motionThreshold    fraction of the downscaled frame's pixels that must change to call it motion
 * @param motionWidth        width the frame is downscaled to for background subtraction
 * @param smoothing          time constant of the exponential smoothing of zone counts
 * @param trackMaxAge        how long a track survives without a matching detection where things move
 * @param stationaryMaxAge   how long it survives where nothing moves (people standing in a queue)
 * @param trackMinHits       matched detections before a track is confirmed and counted
 * @param personHeightMetres assumed height of a person, the scale for gathering distances
 * @param opencvThreads      OpenCV's global thread count; 1 because cameras already run in parallel
 */
public record AnalyticsSettings(
    Path model,
    DetectorRuntime runtime,
    int inputSize,
    double scoreThreshold,
    double lowScoreThreshold,
    double nmsThreshold,
    Duration detectorRefresh,
    Duration verifyInterval,
    boolean restOnTracks,
    DetectionSchedule schedule,
    double motionThreshold,
    int motionWidth,
    Duration smoothing,
    Duration trackMaxAge,
    Duration stationaryMaxAge,
    int trackMinHits,
    double personHeightMetres,
    int opencvThreads) {

  /**
   * Measured on PETS09-S2L1 at 10 analysed fps: 1 s cut detector passes by 59% with the count error
   * unchanged (0.350 against 0.363), 2 s raised it to 0.700. Below 2 fps every other frame may rest.
   */
  private static final Duration VERIFY_INTERVAL = Duration.ofSeconds(1);

  /**
   * At or below this analytic rate a camera is analysed at the live rate, where the live-rate
   * profile ({@link #forAnalyticRate}) applies; the verification rule above changes at the same rate.
   */
  public static final double LIVE_RATE_MAX_FPS = 2.0;
  /**
   * The live-rate profile, chosen on the even half of the 80 PETS09-S2L1 ground-truth frames at 1
   * analysed fps with ONNX Runtime (BENCHMARKS.md, "Accuracy at the live rate"): among input sizes
   * 416/512/640, confirmation after 1 or 2 matches, track age 1-3 s, start scores 0.45-0.6 and
   * refresh intervals 1/5 s, 512 with 1 match and 1 s scored best at the configured start score 0.5
   * (even-half MAE 0.400, against 0.625 for the 10 fps settings; odd half, not used: 0.550). A pass a second apart moves a walker about a person's width, so a second
   * match only delays counting, and a track missed for two passes is more often gone than hidden;
   * 512 sees the far, small people a 416 input misses, at 1.5 times the cost of a pass.
   */
  private static final int LIVE_RATE_INPUT = 512;
  private static final int LIVE_RATE_MIN_HITS = 1;
  private static final Duration LIVE_RATE_MAX_AGE = Duration.ofSeconds(1);

  public AnalyticsSettings {
    if (runtime == null) {
      throw new IllegalArgumentException("runtime must be set");
    }
    if (inputSize < 64 || inputSize > 1280 || inputSize % 32 != 0) {
      throw new IllegalArgumentException("inputSize must be a multiple of 32 in [64,1280], got " + inputSize);
    }
    requireFraction("scoreThreshold", scoreThreshold);
    requireFraction("lowScoreThreshold", lowScoreThreshold);
    requireFraction("nmsThreshold", nmsThreshold);
    if (lowScoreThreshold > scoreThreshold) {
      throw new IllegalArgumentException("lowScoreThreshold must be <= scoreThreshold");
    }
    requirePositive("detectorRefresh", detectorRefresh);
    requirePositive("verifyInterval", verifyInterval);
    if (schedule == null) {
      throw new IllegalArgumentException("schedule must be set");
    }
    requireFraction("motionThreshold", motionThreshold);
    if (motionWidth < 64 || motionWidth > 1920) {
      throw new IllegalArgumentException("motionWidth must be in [64,1920], got " + motionWidth);
    }
    requirePositive("smoothing", smoothing);
    requirePositive("trackMaxAge", trackMaxAge);
    requirePositive("stationaryMaxAge", stationaryMaxAge);
    if (trackMinHits < 1 || trackMinHits > 10) {
      throw new IllegalArgumentException("trackMinHits must be in [1,10], got " + trackMinHits);
    }
    if (!(personHeightMetres >= 1 && personHeightMetres <= 2.5)) {
      throw new IllegalArgumentException("personHeightMetres must be in [1,2.5], got " + personHeightMetres);
    }
    if (opencvThreads < 1 || opencvThreads > 256) {
      throw new IllegalArgumentException("opencvThreads must be in [1,256], got " + opencvThreads);
    }
  }

  /** The shipped defaults, without a model (HOG fallback). */
  public static AnalyticsSettings defaults() {
    return new AnalyticsSettings(null, DetectorRuntime.ONNXRUNTIME, 416, 0.5, 0.1, 0.45, Duration.ofSeconds(5), VERIFY_INTERVAL,
        true, DetectionSchedule.GATED, 0.002, 320, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(60), 2,
        1.7, 1);
  }

  public AnalyticsSettings withModel(Path model) {
    return new AnalyticsSettings(model, runtime, inputSize, scoreThreshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, verifyInterval, restOnTracks, schedule, motionThreshold, motionWidth, smoothing, trackMaxAge,
        stationaryMaxAge, trackMinHits, personHeightMetres, opencvThreads);
  }

  /**
   * These settings as they apply to a camera analysed at {@code analyticFps}: the live-rate profile
   * (larger input, quicker confirmation, shorter track age) at or below {@link #LIVE_RATE_MAX_FPS},
   * these settings unchanged above it.
   */
  public AnalyticsSettings forAnalyticRate(double analyticFps) {
    if (analyticFps > LIVE_RATE_MAX_FPS) {
      return this;
    }
    return new AnalyticsSettings(model, runtime, LIVE_RATE_INPUT, scoreThreshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, verifyInterval, restOnTracks, schedule, motionThreshold, motionWidth, smoothing,
        LIVE_RATE_MAX_AGE, stationaryMaxAge, LIVE_RATE_MIN_HITS, personHeightMetres, opencvThreads);
  }

  public AnalyticsSettings withRuntime(DetectorRuntime r) {
    return new AnalyticsSettings(model, r, inputSize, scoreThreshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, verifyInterval, restOnTracks, schedule, motionThreshold, motionWidth, smoothing, trackMaxAge,
        stationaryMaxAge, trackMinHits, personHeightMetres, opencvThreads);
  }

  public AnalyticsSettings withScoreThreshold(double threshold) {
    return new AnalyticsSettings(model, runtime, inputSize, threshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, verifyInterval, restOnTracks, schedule, motionThreshold, motionWidth, smoothing, trackMaxAge,
        stationaryMaxAge, trackMinHits, personHeightMetres, opencvThreads);
  }

  public AnalyticsSettings withVerifyInterval(Duration interval) {
    return new AnalyticsSettings(model, runtime, inputSize, scoreThreshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, interval, restOnTracks, schedule, motionThreshold, motionWidth, smoothing, trackMaxAge, stationaryMaxAge,
        trackMinHits, personHeightMetres, opencvThreads);
  }

  public AnalyticsSettings withDetectorRefresh(Duration refresh) {
    return new AnalyticsSettings(model, runtime, inputSize, scoreThreshold, lowScoreThreshold, nmsThreshold,
        refresh, verifyInterval, restOnTracks, schedule, motionThreshold, motionWidth, smoothing, trackMaxAge,
        stationaryMaxAge, trackMinHits, personHeightMetres, opencvThreads);
  }

  public AnalyticsSettings withRestOnTracks(boolean rest) {
    return new AnalyticsSettings(model, runtime, inputSize, scoreThreshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, verifyInterval, rest, schedule, motionThreshold, motionWidth, smoothing, trackMaxAge,
        stationaryMaxAge, trackMinHits, personHeightMetres, opencvThreads);
  }

  public AnalyticsSettings withSchedule(DetectionSchedule s) {
    return new AnalyticsSettings(model, runtime, inputSize, scoreThreshold, lowScoreThreshold, nmsThreshold,
        detectorRefresh, verifyInterval, restOnTracks, s, motionThreshold, motionWidth, smoothing, trackMaxAge, stationaryMaxAge,
        trackMinHits, personHeightMetres, opencvThreads);
  }

  private static void requireFraction(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0,1], got " + v);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }
}
