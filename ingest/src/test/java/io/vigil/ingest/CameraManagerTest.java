package io.vigil.ingest;

import static io.vigil.ingest.testing.TestCameras.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CameraManagerTest {
  private final Vertx vertx = Vertx.vertx();
  private final CameraManager manager = new CameraManager(vertx, (id, bgr, ts) -> { }, IngestOptions.defaults());

  private static CameraConfig config(String id, double fps, boolean enabled) {
    return new CameraConfig(id, id, "site", CameraType.QUARANTINE_SITE, new Location(0, 0),
        new StreamSource.Rtsp(URI.create("rtsp://127.0.0.1:9/none"), Credentials.none()), null, fps, List.of(), enabled, null);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(manager.close());
    await(vertx.close());
  }

  @Test
  void anAnalyticRateOutOfBoundsIsRefused() {
    Future<Void> f = manager.start(config("c", 0, true));
    assertTrue(f.failed());
    assertEquals("camera c: analyticFps must be within (0, 60]", f.cause().getMessage());
    assertTrue(manager.cameraIds().isEmpty());
  }

  @Test
  void aDisabledCameraIsNotStarted() throws Exception {
    await(manager.start(config("c", 1, false)));
    assertTrue(manager.cameraIds().isEmpty());
    assertTrue(manager.registry().get("c").isEmpty());
  }

  @Test
  void stoppingAnUnknownCameraSucceeds() throws Exception {
    await(manager.stop("nope"));
  }
}
