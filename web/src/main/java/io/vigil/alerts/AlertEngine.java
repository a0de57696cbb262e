package io.vigil.alerts;

import io.vigil.analytics.Picture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.config.CameraConfig;
import io.vigil.store.Alert;
import io.vigil.store.DeadLetter;
import io.vigil.store.StorageWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns analytics and camera status into incidents (one alert per breach, updated while it lasts,
 * closed once clear, escalated when nobody acknowledges it) and delivers them to the web inbox, MQTT
 * and webhooks. Alerts are stored through the store's writer, which spools them and never drops one.
 *
 * <pre>{@code
 * AlertEngine alerts = AlertEngine.start(vertx, settings, new AlertEngine.Bindings(storage.writer(),
 *     storage.dataSource(), alert -> viewers.show(alert), catalogue::get, snapshotDir)).await();
 * // on each analysed frame:            alerts.onAnalysis(camera, analysis, bgr);
 * // on each status update:            alerts.onStatus(status);
 * // after a user acknowledged/resolved: alerts.onUserAction(storedAlert);
 * }</pre>
 */
public interface AlertEngine {

  /**
   * @param dataSource  the store's pool, for the store's queries the engine runs: unresolved alerts, dead
   *                    letters (migration V200) and the snapshot retention sweep
   * @param live        sees every change as it happens (the live viewers)
   * @param cameras     a camera's configuration by id, null when there is none: resolves a status's camera
   *                    to its site and target fps; called on the engine's context, so it must be cheap
   * @param snapshotDir where snapshots are written; the web module serves them from the same directory
   */
  record Bindings(StorageWriter writer, DataSource dataSource, AlertSink live, Function<String, CameraConfig> cameras,
      Path snapshotDir) {
    public Bindings {
      Objects.requireNonNull(writer, "writer");
      Objects.requireNonNull(dataSource, "dataSource");
      Objects.requireNonNull(live, "live");
      Objects.requireNonNull(cameras, "cameras");
      Objects.requireNonNull(snapshotDir, "snapshotDir");
    }
  }

  /** Deploys the engine's verticle and starts connecting to the configured MQTT brokers (without waiting for them). */
  static Future<AlertEngine> start(Vertx vertx, AlertSettings settings, Bindings bindings) {
    return AlertEngineImpl.start(vertx, settings, bindings);
  }

  /**
   * One analysed frame. Safe from any thread and never blocks: it copies the frame only when it may
   * open an alert and hands everything to the engine's context. {@code picture} is only borrowed for
   * the call.
   */
  void onAnalysis(CameraConfig camera, FrameAnalysis analysis, Picture picture);

  /** A camera's ingest status. Safe from any thread; never blocks. */
  void onStatus(CameraStatus status);

  /**
   * An alert as stored after a user acknowledged or resolved it (the web API's actions): an acknowledged
   * alert no longer escalates, a resolved one ends its incident, and both are delivered to MQTT and the
   * webhooks. Safe from any thread; never blocks.
   */
  void onUserAction(Alert alert);

  /**
   * Cluster: which cameras this node pulls. Incidents of other cameras are neither raised nor closed
   * here; their owner does that. Without a call every camera is this node's (a single node).
   */
  void ownership(Predicate<String> ownsCamera);

  /**
   * Cluster: the camera is pulled here from now on. Its unresolved alerts are read from the database
   * and continued, so that an ongoing condition keeps its alert instead of opening a second one. Call
   * before the camera starts.
   */
  Future<Void> takeOver(String cameraId);

  /**
   * Cluster: the camera is pulled by another node now. Its incidents are forgotten here without being
   * closed: they stay open in the database for the new owner. Call after the camera stopped. The future
   * completes once what this engine raised before is handed to storage and stored (or after a few
   * seconds when the database does not take it), so that the next owner reads it.
   */
  Future<Void> release(String cameraId);

  /** Cluster: the cameras that have an alert open or acknowledged in the database. */
  Future<Set<String>> camerasWithUnresolvedAlerts();

  /** The newest webhook deliveries that failed every attempt, at most {@code limit} (1-1000). */
  Future<List<DeadLetter>> deadLetters(int limit);

  /** Disconnects from brokers; webhook retries in flight are abandoned (their alerts are stored). */
  Future<Void> close();
}
