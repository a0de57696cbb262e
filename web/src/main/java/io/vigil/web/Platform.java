package io.vigil.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.ingest.config.VigilConfig;
import io.vigil.web.impl.PlatformImpl;

/**
 * A running Vigil: storage, camera ingest, analytics and the web viewer, started in that order and
 * stopped in reverse.
 */
public interface Platform {

  /**
   * The Vert.x instance for {@code config}: clustered through Hazelcast when its {@code cluster:} is
   * enabled (the platform then pulls only the cameras assigned to this node), plain otherwise.
   */
  static Future<Vertx> vertx(VigilConfig config, io.vertx.core.VertxOptions options) {
    return io.vigil.web.impl.Clustering.vertx(config.cluster(), options);
  }

  static Future<Platform> start(Vertx vertx, VigilConfig config) {
    return PlatformImpl.start(vertx, config);
  }

  /** The port the web viewer listens on (differs from the configured one when that was 0). */
  int httpPort();

  /** The URL to open in a browser. */
  String viewerUrl();

  Future<Void> close();
}
