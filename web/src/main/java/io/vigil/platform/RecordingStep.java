package io.vigil.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import io.vigil.recordings.Recordings;
import io.vigil.store.Alert;
import io.vigil.store.AlertState;
import io.vigil.store.RecordingIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The recording start step's wiring: the start-up check, then one recorder per camera this node pulls
 * (followed every couple of seconds), retention every minute, crowd alerts holding events-mode cameras
 * on record, and a full disk raised as a camera alert. Created and closed on the platform's context.
 */
final class RecordingStep {
  /** How soon a camera that starts or stops here is recorded or no longer: about one reconnect. */
  private static final long SYNC_MILLIS = 2_000;
  private static final long SWEEP_MILLIS = 60_000;
  /** A recorder blocked in a read ends within the stream timeout (5 s). */
  private static final Duration STOP_WAIT = Duration.ofSeconds(6);

  private final Vertx vertx;
  private final Recordings recordings;
  private final Recorder recorder;
  private long syncTimer;
  private long sweepTimer;

  private RecordingStep(Vertx vertx, Recordings recordings, Recorder recorder) {
    this.vertx = vertx;
    this.recordings = recordings;
    this.recorder = recorder;
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
    return Future.fromCompletionStage(recordings.check(), vertx.getOrCreateContext()).map(report -> {
      RecordingStep step = new RecordingStep(vertx, recordings,
          new Recorder(options, ingest, System.getenv(), recordings));
      step.syncTimer = vertx.setPeriodic(0, SYNC_MILLIS, t -> step.recorder.sync(manager.registry().all().stream()
          .map(CameraStatus::cameraId).map(cameras).filter(Objects::nonNull).toList()));
      step.sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> recordings.sweep());
      return step;
    });
  }

  Recordings recordings() {
    return recordings;
  }

  /** A crowd alert (about a zone) holds its camera on record while unresolved, and for the post-roll after. */
  void alertChanged(Alert a) {
    if (a.zoneId() == null) return;
    if (a.state() == AlertState.RESOLVED) recorder.eventClosed(a.cameraId(), a.id().toString());
    else recorder.eventOpened(a.cameraId(), a.id().toString());
  }

  Future<Void> close() {
    vertx.cancelTimer(syncTimer);
    vertx.cancelTimer(sweepTimer);
    recorder.close();
    return vertx.executeBlocking(() -> {
      // Each recorder finishes its segment on the way out; the index takes it before it closes.
      recorder.join(STOP_WAIT);
      recordings.close();
      return null;
    }, false);
  }

}
