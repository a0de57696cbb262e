package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.setNumThreads;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The per-camera pipeline: motion gate; a detector pass over the region that moved when something
 * did that the confirmed tracks do not explain (or when the last pass is older than the verification
 * interval), or over the whole frame when the last refresh is older than the refresh interval and
 * something moves (over the tracked people when nothing does); the tracker on every frame
 * (predicting where the detector did not look); then zones and rules. With
 * {@link DetectionSchedule#EVERY_FRAME} every frame gets a whole-frame pass instead, and no background
 * model is kept: one camera's analytics state (background model, tracks, zone counts and rule timers).
 *
 * <p>Calls for one camera must be serialised; different cameras may be analysed concurrently on a
 * shared pool, and any pool thread may make a camera's calls. Detectors are not per camera: each
 * analysing thread uses its own, so a pool of N threads holds N detectors however many cameras there
 * are (sharing one ONNX Runtime session, or with one OpenCV network each).
 */
public final class CameraAnalyzer implements AutoCloseable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Above this share of the frame a region pass saves too little to be worth a different input shape. */
  private static final double MAX_REGION_FRACTION = 0.6;
  /**
   * Growth of the moving region on each side, as a share of the frame height: background subtraction
   * often sees only the moving limbs, and the detector needs the whole person plus context.
   */
  private static final double REGION_MARGIN = 0.1;
  /**
   * Growth of a track's predicted box on each side, as a share of its height, when asking whether it
   * explains the motion: a walker's prediction drifts over a second, and the background model also
   * marks the strip the person just left and their shadow.
   */
  private static final double EXPLAIN_MARGIN = 0.5;
  /**
   * Matches before a track's prediction is trusted in place of a pass: two measure a velocity, the
   * third confirms it. Measured on PETS09 at 1 fps: fewer (or unmatched tracks allowed) lost people
   * and raised the count error above the bound.
   */
  private static final int SETTLED_HITS = 3;

  private final AnalyticsSettings settings;
  private final List<Zone> zones;
  private final MotionGate gate;
  private final Tracker tracker;
  private final List<ZoneState> zoneStates = new ArrayList<>();
  private int width = -1;
  private int height = -1;
  /** The last refresh: a whole-frame pass, or a pass over the tracks of a still scene. */
  private long lastFullPass = Long.MIN_VALUE;
  private long lastPass = Long.MIN_VALUE;
  /** Frames since the last pass on which the tracks stood in for the detector. */
  private int trackedSincePass;
  private long lastTimestamp = Long.MIN_VALUE;

  /**
   * @param zones zones to count in; an empty list counts in the whole frame (zone id "frame")
   */
  public CameraAnalyzer(AnalyticsSettings settings, List<Zone> zones) {
    this.settings = settings;
    this.zones = zones.isEmpty() ? List.of(Zone.wholeFrame("frame")) : List.copyOf(zones);
    this.gate = new MotionGate(settings.motionWidth());
    this.tracker = new Tracker(settings.scoreThreshold(), settings.trackMinHits(),
        settings.trackMaxAge().toMillis(), settings.stationaryMaxAge().toMillis());
    resetZones();
    // Process-wide in OpenCV: cameras supply the parallelism, so nested OpenCV threads only contend.
    setNumThreads(settings.opencvThreads());
  }

  /** Analyses one 8-bit BGR frame, which the caller keeps and closes. */
  public FrameAnalysis analyze(Mat bgr, long timestampMillis) {
    try (Picture picture = Picture.borrowing(bgr)) {
      return analyze(picture, timestampMillis);
    }
  }

  /**
   * Analyses one frame. The caller keeps ownership of {@code picture} and closes it after this call;
   * the analyzer makes its BGR only if a detector pass needs it. Timestamps must not go backwards;
   * frames of a different size reset the background model.
   */
  public FrameAnalysis analyze(Picture picture, long timestampMillis) {
    if (picture.width() < 16 || picture.height() < 16) {
      throw new IllegalArgumentException("expected a frame of at least 16x16, got " + picture.width() + "x"
          + picture.height());
    }
    if (timestampMillis < lastTimestamp) {
      throw new IllegalArgumentException("timestamp " + timestampMillis + " is before the previous " + lastTimestamp);
    }
    lastTimestamp = timestampMillis;
    if (picture.width() != width || picture.height() != height) {
      width = picture.width();
      height = picture.height();
      gate.reset();
      tracker.clear();
      lastFullPass = Long.MIN_VALUE;
      lastPass = Long.MIN_VALUE;
      trackedSincePass = 0;
    }
    Map<Stage, Stage.Timing> timings = new EnumMap<>(Stage.class);
    Clock clock = new Clock();

    boolean everyFrame = settings.schedule() == DetectionSchedule.EVERY_FRAME;
    // A pipeline that detects on every frame keeps no background model: that is what it is compared as.
    double motion = 0;
    if (!everyFrame) {
      gate.convert(picture);
    }
    Stage.Timing gateConversion = clock.lap();

    if (!everyFrame) {
      motion = gate.apply();
    }
    boolean refreshDue = lastFullPass == Long.MIN_VALUE
        || timestampMillis - lastFullPass >= settings.detectorRefresh().toMillis();
    // At analytic rates below about two frames per verification interval the interval alone would
    // never let a frame rest, so every other frame may.
    boolean verifyDue = lastPass == Long.MIN_VALUE
        || timestampMillis - lastPass >= settings.verifyInterval().toMillis() && trackedSincePass > 0;
    PassPlanner.Pass pass = PassPlanner.plan(settings.schedule(), refreshDue, motion >= settings.motionThreshold(),
        tracker.tracking(), verifyDue, () -> settings.restOnTracks() && tracksExplainMotion());
    timings.put(Stage.MOTION, clock.lap());

    List<Detection> detections = null;
    DetectorPass ran = DetectorPass.NONE;
    if (pass.runsDetector()) {
      Box region = switch (pass) {
        case REGION -> searchRegion();
        case TRACKS -> tracksRegion();
        default -> null;
      };
      if (region != null && region.area() > MAX_REGION_FRACTION * width * height) {
        region = null;
      }
      Mat bgr = picture.bgr();
      Stage.Timing bgrConversion = clock.lap();
      timings.put(Stage.CONVERT, gateConversion.plus(bgrConversion));
      detections = detect(bgr, region);
      ran = region == null ? DetectorPass.WHOLE_FRAME
          : pass == PassPlanner.Pass.TRACKS ? DetectorPass.TRACKED_PEOPLE : DetectorPass.MOVING_REGION;
      lastPass = timestampMillis;
      trackedSincePass = 0;
      if (region == null || pass == PassPlanner.Pass.TRACKS) {
        lastFullPass = timestampMillis;
      }
    }
    if (pass == PassPlanner.Pass.TRACKED) {
      trackedSincePass++;
    }
    timings.putIfAbsent(Stage.CONVERT, gateConversion);
    timings.put(Stage.DETECT, clock.lap());

    // A region pass needs no special case here: whoever is outside the region is, by construction,
    // where nothing moved, so the tracker's still-person rule keeps them.
    tracker.update(detections, timestampMillis, everyFrame ? FrameProbe.NO_MOTION_MODEL : gate, width, height);
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
    return new FrameAnalysis(timestampMillis, width, height, objects, counts, events, ran, timings);
  }

  /**
   * Whether the confirmed tracks account for all the motion: they can be trusted to predict (see
   * {@link Tracker#settled}) and what moved outside their predicted boxes would not have woken the
   * gate on its own.
   */
  private boolean tracksExplainMotion() {
    List<Box> boxes = new ArrayList<>();
    for (Tracker.TrackView t : tracker.confirmed()) {
      boxes.add(t.box());
    }
    return !boxes.isEmpty() && tracker.settled(lastPass, SETTLED_HITS)
        && gate.motionOutside(boxes, EXPLAIN_MARGIN) < settings.motionThreshold();
  }

  /** Where the live tracks are, each grown as a moving region is; null when there are none. */
  private Box tracksRegion() {
    Box region = null;
    for (Box b : tracker.boxes()) {
      double margin = REGION_MARGIN * height;
      Box grown = new Box(Math.max(0, b.left() - margin), Math.max(0, b.top() - margin),
          Math.min(width, b.right() + margin), Math.min(height, b.bottom() + margin));
      region = region == null ? grown : new Box(Math.min(region.left(), grown.left()),
          Math.min(region.top(), grown.top()), Math.max(region.right(), grown.right()),
          Math.max(region.bottom(), grown.bottom()));
    }
    return region;
  }

  /**
   * Where motion was, grown to take in every track it touches, so that the crop's edge never cuts
   * through a person the detector should see whole.
   */
  private Box searchRegion() {
    double margin = REGION_MARGIN * height;
    Box region = gate.motionBounds(margin, width, height);
    if (region == null) {
      return null;
    }
    for (Box b : tracker.boxes()) {
      if (b.iou(region) > 0) {
        region = new Box(Math.max(0, Math.min(region.left(), b.left() - margin)),
            Math.max(0, Math.min(region.top(), b.top() - margin)),
            Math.min(width, Math.max(region.right(), b.right() + margin)),
            Math.min(height, Math.max(region.bottom(), b.bottom() + margin)));
      }
    }
    return region;
  }

  private List<Detection> detect(Mat bgr, Box region) {
    PersonDetector detector = Detectors.shared().forCurrentThread(settings);
    if (region == null) {
      return detector.detect(bgr, null);
    }
    int x = (int) Math.floor(region.left());
    int y = (int) Math.floor(region.top());
    try (Rect roi = new Rect(x, y, Math.min(width, (int) Math.ceil(region.right())) - x,
        Math.min(height, (int) Math.ceil(region.bottom())) - y)) {
      return detector.detect(bgr, roi);
    }
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

  /** Releases the native background model. */
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
