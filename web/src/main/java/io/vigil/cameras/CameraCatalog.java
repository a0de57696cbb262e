package io.vigil.cameras;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.CameraManager;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.StreamInfo;
import io.vigil.ingest.StreamProbe;
import io.vigil.config.CameraConfig;
import io.vigil.config.StreamSource;
import io.vigil.store.RegisteredCamera;
import io.vigil.store.StorageQueries;
import io.vigil.web.CameraDirectory;
import io.vigil.web.CameraHealth;
import io.vigil.web.CameraRegistrar;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every camera Vigil runs: those of the configuration file, which only the file changes, and those
 * registered at run time, which live in the database and start and stop without a restart.
 */
public final class CameraCatalog implements CameraDirectory, CameraRegistrar {
  private static final System.Logger LOG = System.getLogger(CameraCatalog.class.getName());

  private final Map<String, CameraConfig> cameras = new ConcurrentHashMap<>();
  private final Set<String> fromFile = ConcurrentHashMap.newKeySet();
  private final Vertx vertx;
  private final CameraManager manager;
  private final StreamProbe probe;
  private final StorageQueries store;
  private final Consumer<String> forget;
  /**
   * Cluster: cameras are started and stopped by the node's assignment, not here; a change of the
   * registered cameras is announced instead. Null on a single node.
   */
  private volatile Runnable clusterChanged;
  private volatile Function<String, CameraHealth> remoteState;

  /** @param forget called once a camera has stopped for good, to release what was kept for it */
  public CameraCatalog(Vertx vertx, CameraManager manager, StreamProbe probe, StorageQueries store, Consumer<String> forget) {
    this.vertx = vertx;
    this.manager = manager;
    this.probe = probe;
    this.store = store;
    this.forget = forget;
  }

  public CameraConfig get(String id) {
    return cameras.get(id);
  }

  /** Cluster mode: see {@link #clusterChanged}. */
  public void clustered(Runnable onChange) {
    clusterChanged = onChange;
  }

  /** Starts the file's cameras, then the registered ones whose ids the file does not use. */
  public Future<Void> startAll(List<CameraConfig> fileCameras) {
    List<Future<Void>> started = new ArrayList<>();
    for (CameraConfig c : fileCameras) {
      cameras.put(c.id(), c);
      fromFile.add(c.id());
      if (c.enabled() && clusterChanged == null) started.add(manager.start(c));
    }
    return reloadRegistered(clusterChanged == null ? started : null);
  }

  /**
   * Cluster: reads the registered cameras again (another node may have added or removed one); the
   * node's assignment then starts and stops what changed.
   */
  public Future<Void> reloadRegistered() {
    return reloadRegistered(null);
  }

  private Future<Void> reloadRegistered(List<Future<Void>> started) {
    return store.registeredCameras().compose(registered -> {
      Set<String> seen = new HashSet<>();
      for (RegisteredCamera r : registered) {
        seen.add(r.id());
        if (fromFile.contains(r.id())) {
          LOG.log(Level.WARNING, "Registered camera " + r.id() + " is shadowed by cameras.yml; the file wins");
          continue;
        }
        CameraConfig c;
        try {
          c = CameraCodec.fromJson(new JsonObject(r.config()), r.password());
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "Registered camera " + r.id() + " cannot be read back: " + e.getMessage());
          continue;
        }
        cameras.put(c.id(), c);
        if (c.enabled() && started != null) started.add(manager.start(c));
      }
      if (started == null) {
        for (String id : List.copyOf(cameras.keySet())) {
          if (!fromFile.contains(id) && !seen.contains(id)) cameras.remove(id);
        }
        return Future.succeededFuture();
      }
      return Future.join(started).mapEmpty();
    });
  }

  @Override
  public List<CameraConfig> cameras() {
    return cameras.values().stream().sorted(Comparator.comparing(CameraConfig::id)).toList();
  }

  @Override
  public CameraHealth state(String cameraId) {
    CameraHealth local = manager.registry().get(cameraId).map(CameraCatalog::health).orElse(null);
    Function<String, CameraHealth> remote = remoteState;
    return local != null || remote == null ? local : remote.apply(cameraId);
  }

  /** Cluster: the health of cameras pulled by other nodes, as their last status said. */
  public void remoteState(Function<String, CameraHealth> states) {
    remoteState = states;
  }

  public static CameraHealth health(CameraStatus s) {
    return new CameraHealth(s.cameraId(), s.state().name().toLowerCase(Locale.ROOT), s.reason(), s.fpsIn(),
        s.fpsAnalysed(), s.droppedFrames(), s.reconnects(), s.lastFrame(), s.analysisMillis());
  }

  @Override
  public Future<Registration> register(CameraConfig camera) {
    if (fromFile.contains(camera.id())) {
      return Future.failedFuture(new IllegalArgumentException(
          "camera " + camera.id() + " is defined in cameras.yml; change it there"));
    }
    if (!(camera.detect() instanceof StreamSource.Rtsp rtsp)) {
      return Future.failedFuture(new IllegalArgumentException("only RTSP cameras can be registered"));
    }
    RegisteredCamera row = new RegisteredCamera(camera.id(), CameraCodec.toJson(camera).encode(),
        CameraCodec.password(camera), Instant.now());
    // A camera that does not stream is refused before anything is stored or started; a disabled one is
    // not connected to at all, so it is stored unprobed and probed when it is enabled.
    Future<StreamInfo> probed = vertx.executeBlocking(() -> {
      if (camera.enabled()) return probe.probe(rtsp);
      probe.checkAddress(rtsp);
      return null;
    }, false);
    return probed
        .compose(info -> store.registerCamera(row)
            .compose(v -> {
              cameras.put(camera.id(), camera);
              Runnable changed = clusterChanged;
              if (changed != null) {
                changed.run();
                return Future.<Void>succeededFuture();
              }
              return camera.enabled() ? manager.replace(camera) : manager.stop(camera.id());
            })
            .map(new Registration(camera, info)));
  }

  @Override
  public Future<StreamInfo> probe(StreamSource.Rtsp source) {
    return vertx.executeBlocking(() -> probe.probe(source), false);
  }

  @Override
  public Future<Boolean> remove(String cameraId) {
    if (fromFile.contains(cameraId)) {
      return Future.failedFuture(new IllegalArgumentException(
          "camera " + cameraId + " is defined in cameras.yml; remove it there"));
    }
    return store.removeCamera(cameraId).compose(removed -> manager.stop(cameraId).map(v -> {
      if (cameras.remove(cameraId) != null) forget.accept(cameraId);
      Runnable changed = clusterChanged;
      if (changed != null) changed.run();
      return removed;
    }));
  }
}
