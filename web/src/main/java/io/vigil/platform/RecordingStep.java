package io.vigil.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.TrackedObject;
import io.vigil.cluster.ClusterSegments;
import io.vigil.alerts.AlertEngine;
import io.vigil.config.CameraConfig;
import io.vigil.config.RecordingSettings;
import io.vigil.ingest.CameraManager;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.record.DiskSpace;
import io.vigil.ingest.record.Recorder;
import io.vigil.ingest.record.RecorderOptions;
import io.vigil.ingest.record.SegmentFiles;
import io.vigil.recordings.Playback;
import io.vigil.recordings.Recordings;
import io.vigil.store.Alert;
import io.vigil.store.AlertRows;
import io.vigil.store.AlertState;
import io.vigil.store.RecordingIndex;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The recording start step's wiring: the start-up check, then one recorder per camera this node pulls
 * (followed every couple of seconds), retention every minute, crowd alerts holding events-mode cameras
 * on record, and a full disk raised as a camera alert. Created and closed on the platform's context.
 */
final class RecordingStep {
  private static final System.Logger LOG = System.getLogger(RecordingStep.class.getName());
  /** How soon a camera that starts or stops here is recorded or no longer: about one reconnect. */
  private static final long SYNC_MILLIS = 2_000;
  private static final long SWEEP_MILLIS = 60_000;
  /**
   * How often the holds are checked against the unresolved alerts in the database: an alert resolved
   * by a user, on another node or before a restart reaches the recorder within this.
   */
  private static final long EVENTS_MILLIS = 10_000;
  /** The alert kinds about a zone: crowd alerts, which hold a camera on record. */
  private static final List<String> CROWD_KINDS = List.of("over_capacity", "gathering");
  /** A recorder blocked in a read ends within the stream timeout (5 s). */
  private static final Duration STOP_WAIT = Duration.ofSeconds(6);

  private final Vertx vertx;
  private final Recordings recordings;
  private final Recorder recorder;
  /** This cluster node's name as its segments are indexed (host:port), null on a single node. */
  private final String node;
  /** In a cluster: this node's segments served to the others, and theirs fetched; null until {@link #playback}. */
  private ClusterSegments segments;
  private long syncTimer;
  private long sweepTimer;
  private long eventsTimer;
  /** A pre-roll starts at the keyframe before it: a keyframe interval (2 s at most, commonly) earlier. */
  private static final long PRE_ROLL_SLACK_MILLIS = 2_000;
  private final Map<String, PendingBoxes> pending = new HashMap<>();
  /** The unresolved crowd alerts the last check read; on the platform's context only. */
  private Map<String, Set<String>> lastUnresolved = Map.of();

  private RecordingStep(Vertx vertx, Recordings recordings, Recorder recorder, String node) {
    this.vertx = vertx;
    this.recordings = recordings;
    this.recorder = recorder;
    this.node = node;
  }

  /**
   * @param node this cluster node's stable name (Hazelcast host:port), null on a single node
   */
  static Future<RecordingStep> start(Vertx vertx, RecordingSettings settings, Path dir, DataSource dataSource,
      IngestOptions ingest, CameraManager manager, Function<String, CameraConfig> cameras, AlertEngine engine,
      String node) {
    Recordings recordings = new Recordings(new RecordingIndex(dataSource), dir, node, settings.diskBudgetBytes(),
        cameras, (cameraId, reason) -> engine.onRecording(cameraId, reason != null && reason.contains("disk full")));
    SegmentFiles files = recordings.files();
    RecorderOptions options = new RecorderOptions(files, settings.segment(), RecorderOptions.DEFAULT_MAX_PRE_ROLL,
        new DiskSpace(files.root(), DiskSpace.DEFAULT_RESERVE));
    // A failed check (the database away at start) is logged, not fatal: analysis and the web come first,
    // and the next start checks again.
    return Future.fromCompletionStage(recordings.check(), vertx.getOrCreateContext()).recover(e -> {
      LOG.log(Level.WARNING, "recordings start-up check not done: {0}", e.getMessage());
      return Future.succeededFuture();
    }).map(report -> {
      RecordingStep step = new RecordingStep(vertx, recordings,
          new Recorder(options, ingest, System.getenv(), recordings), node);
      step.syncTimer = vertx.setPeriodic(0, SYNC_MILLIS, t -> step.recorder.sync(manager.registry().all().stream()
          .map(CameraStatus::cameraId).map(cameras).filter(Objects::nonNull).toList()));
      step.sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> recordings.sweep());
      step.eventsTimer = vertx.setPeriodic(0, EVENTS_MILLIS, t -> vertx.executeBlocking(() -> {
        Map<String, Set<String>> open = new HashMap<>();
        for (Alert a : AlertRows.unresolved(dataSource, CROWD_KINDS, null)) {
          if (a.zoneId() != null) open.computeIfAbsent(a.cameraId(), k -> new HashSet<>()).add(a.id().toString());
        }
        return open;
      }, false).onSuccess(step::unresolved));
      return step;
    });
  }

  /**
   * The unresolved crowd alerts as stored now: those the recorder has not heard of are opened, and those
   * stored as unresolved last time but no longer (resolved by a user, or on another node) are closed.
   * One heard of but not stored yet is left to the change that closes it.
   */
  private void unresolved(Map<String, Set<String>> open) {
    recorder.eventsOpen(open);
    lastUnresolved.forEach((camera, keys) -> keys.forEach(k -> {
      if (!open.getOrDefault(camera, Set.of()).contains(k)) recorder.eventClosed(camera, k);
    }));
    lastUnresolved = open;
  }

  Recordings recordings() {
    return recordings;
  }

  /**
   * What the API plays. In a cluster this node also answers for the segments it recorded, and fetches
   * those recorded by another node from it when they are not on shared storage. Called once.
   */
  Playback playback(Function<String, CameraConfig> cameras) {
    if (node == null) return new Playback(vertx, recordings, cameras);
    segments = new ClusterSegments(vertx, node, recordings::owned);
    ClusterSegments fetcher = segments;
    return new Playback(vertx, recordings, cameras, s -> fetcher.fetch(s.node(), s.cameraId(), s.start()));
  }

  /** A crowd alert (about a zone) holds its camera on record while unresolved, and for the post-roll after. */
  void alertChanged(Alert a) {
    if (a.zoneId() == null) return;
    if (a.state() == AlertState.RESOLVED) recorder.eventClosed(a.cameraId(), a.id().toString());
    else recorder.eventOpened(a.cameraId(), a.id().toString());
  }

  /**
   * Keeps the boxes of a frame analysed while its camera's video is being written: the clip draws them.
   * Those of the last frames before (the pre-roll's) wait in memory and are stored when writing starts.
   * Called on the analytics threads.
   */
  void analysed(CameraConfig camera, FrameAnalysis analysis) {
    JsonArray tracks = new JsonArray();
    for (TrackedObject o : analysis.objects()) {
      tracks.add(new JsonArray().add(o.trackId()).add(round(o.box().left())).add(round(o.box().top()))
          .add(round(o.box().right())).add(round(o.box().bottom())));
    }
    Deque<long[]> times;
    Deque<String> boxes;
    synchronized (pending) {
      PendingBoxes p = pending.computeIfAbsent(camera.id(), k -> new PendingBoxes(new ArrayDeque<>(), new ArrayDeque<>()));
      times = p.times();
      boxes = p.boxes();
    }
    synchronized (times) {
      times.add(new long[] {analysis.timestampMillis()});
      boxes.add(tracks.encode());
      if (!recorder.writing(camera.id())) {
        long keep = camera.record().preRoll().toMillis() + PRE_ROLL_SLACK_MILLIS;
        while (!times.isEmpty() && analysis.timestampMillis() - times.peekFirst()[0] > keep) {
          times.pollFirst();
          boxes.pollFirst();
        }
        return;
      }
      while (!times.isEmpty()) recordings.tracks(camera.id(), times.pollFirst()[0], boxes.pollFirst());
    }
  }

  /** One camera's boxes waiting for its video to be written: times and JSON, in step. */
  private record PendingBoxes(Deque<long[]> times, Deque<String> boxes) {}

  /** A thousandth of the frame: finer than a pixel of a 720p picture's boxes needs. */
  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  Future<Void> close() {
    vertx.cancelTimer(syncTimer);
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(eventsTimer);
    if (segments != null) segments.close();
    recorder.close();
    return vertx.executeBlocking(() -> {
      // Each recorder finishes its segment on the way out; the index takes it before it closes.
      recorder.join(STOP_WAIT);
      recordings.close();
      return null;
    }, false);
  }

}
