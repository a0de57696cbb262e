package io.vigil.analytics.impl;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.setNumThreads;

import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.Box;
import io.vigil.analytics.CameraAnalyzer;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.Detection;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.Stage;
import io.vigil.analytics.TrackedObject;
import io.vigil.analytics.Zone;
import io.vigil.analytics.ZoneCount;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The per-camera pipeline: motion gate, detector when something moved (or when the last pass is
 * older than the refresh interval), tracker every frame, then zones and rules.
 */
public final class DefaultCameraAnalyzer implements CameraAnalyzer {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final AnalyticsSettings settings;
  private final List<Zone> zones;
  private final MotionGate gate;
  private final Tracker tracker;
  private final List<ZoneState> zoneStates = new ArrayList<>();
  private int width = -1;
  private int height = -1;
  private long lastDetection = Long.MIN_VALUE;
  private long lastTimestamp = Long.MIN_VALUE;

  public DefaultCameraAnalyzer(AnalyticsSettings settings, List<Zone> zones) {
    this.settings = settings;
    this.zones = zones.isEmpty() ? List.of(Zone.wholeFrame("frame")) : List.copyOf(zones);
    this.gate = new MotionGate(settings.motionWidth());
    this.tracker = new Tracker(settings.scoreThreshold(), settings.trackMinHits(),
        settings.trackMaxAge().toMillis(), settings.stationaryMaxAge().toMillis());
    resetZones();
    // Process-wide in OpenCV: cameras supply the parallelism, so nested OpenCV threads only contend.
    setNumThreads(settings.opencvThreads());
  }

  @Override
  public FrameAnalysis analyze(Mat bgr, long timestampMillis) {
    if (bgr.type() != CV_8UC3 || bgr.cols() < 16 || bgr.rows() < 16) {
      throw new IllegalArgumentException("expected an 8-bit BGR frame of at least 16x16, got type " + bgr.type()
          + " size " + bgr.cols() + "x" + bgr.rows());
    }
    if (timestampMillis < lastTimestamp) {
      throw new IllegalArgumentException("timestamp " + timestampMillis + " is before the previous " + lastTimestamp);
    }
    lastTimestamp = timestampMillis;
    if (bgr.cols() != width || bgr.rows() != height) {
      width = bgr.cols();
      height = bgr.rows();
      gate.reset();
      tracker.clear();
      lastDetection = Long.MIN_VALUE;
    }
    Map<Stage, Stage.Timing> timings = new EnumMap<>(Stage.class);
    Clock clock = new Clock();

    gate.convert(bgr);
    timings.put(Stage.CONVERT, clock.lap());

    double motion = gate.apply();
    timings.put(Stage.MOTION, clock.lap());

    List<Detection> detections = null;
    boolean due = lastDetection == Long.MIN_VALUE
        || timestampMillis - lastDetection >= settings.detectorRefresh().toMillis();
    if (due || motion >= settings.motionThreshold()) {
      detections = Detectors.shared().forCurrentThread(settings).detect(bgr, null);
      lastDetection = timestampMillis;
    }
    timings.put(Stage.DETECT, clock.lap());

    tracker.update(detections, timestampMillis, gate, width, height);
    List<Tracker.TrackView> tracks = tracker.confirmed();
    List<CrowdEvent> events = new ArrayList<>();
    List<ZoneCount> counts = new ArrayList<>(zoneStates.size());
    for (ZoneState z : zoneStates) {
      counts.add(z.update(tracks, width, height, timestampMillis, events));
    }
    List<TrackedObject> objects = new ArrayList<>(tracks.size());
    for (Tracker.TrackView t : tracks) {
      Box b = t.box();
      Box normalised = new Box(clamp01(b.left() / width), clamp01(b.top() / height),
          clamp01(b.right() / width), clamp01(b.bottom() / height));
      objects.add(new TrackedObject(t.id(), t.objectClass(), normalised, t.score()));
    }
    timings.put(Stage.TRACK, clock.lap());
    return new FrameAnalysis(timestampMillis, width, height, objects, counts, events, detections != null, timings);
  }

  private void resetZones() {
    zoneStates.clear();
    for (Zone z : zones) {
      zoneStates.add(new ZoneState(z, settings.smoothing().toMillis(), settings.personHeightMetres()));
    }
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  @Override
  public void close() {
    gate.close();
  }

  /** CPU time of this thread and wall time since the previous lap. */
  private static final class Clock {
    private long cpu = THREADS.getCurrentThreadCpuTime();
    private long wall = System.nanoTime();

    Stage.Timing lap() {
      long c = THREADS.getCurrentThreadCpuTime();
      long w = System.nanoTime();
      Stage.Timing t = new Stage.Timing(c - cpu, w - wall);
      cpu = c;
      wall = w;
      return t;
    }
  }
}
