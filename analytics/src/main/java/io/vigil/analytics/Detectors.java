package io.vigil.analytics;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates detectors and keeps one per analysing thread and configuration, so that a shared pool of
 * N threads holds N sets of buffers however many cameras it serves. With ONNX Runtime those N
 * detectors share one session per model; with OpenCV DNN each loads its own network. Any thread.
 */
final class Detectors {
  private static final System.Logger LOG = System.getLogger(Detectors.class.getName());
  private static final Detectors SHARED = new Detectors();

  private final AtomicBoolean fallbackWarned = new AtomicBoolean();
  private final OrtSessions sessions = new OrtSessions();
  private final ThreadLocal<Map<AnalyticsSettings, PersonDetector>> perThread = ThreadLocal.withInitial(HashMap::new);

  /** Package-visible so that tests can observe the once-only warning on a fresh instance. */
  Detectors() {}

  public static Detectors shared() {
    return SHARED;
  }

  public PersonDetector create(AnalyticsSettings settings) {
    Path model = settings.model();
    if (model != null && Files.isReadable(model)) {
      ForwardPass forward = switch (settings.runtime()) {
        case ONNXRUNTIME -> new OrtForwardPass(sessions.forModel(model));
        case OPENCV -> new OpenCvForwardPass(model);
      };
      return new YoloxDetector(settings, forward);
    }
    if (fallbackWarned.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, model == null
          ? "No detector model configured; falling back to the HOG people detector, which misses people "
              + "under ~128 px tall and detects no vehicles"
          : "Detector model " + model + " not found or unreadable; falling back to the HOG people detector, "
              + "which misses people under ~128 px tall and detects no vehicles");
    }
    return new HogPeopleDetector(settings.lowScoreThreshold());
  }

  /** The calling thread's detector for {@code settings}, created on first use. */
  public PersonDetector forCurrentThread(AnalyticsSettings settings) {
    return perThread.get().computeIfAbsent(Objects.requireNonNull(settings), this::create);
  }
}
