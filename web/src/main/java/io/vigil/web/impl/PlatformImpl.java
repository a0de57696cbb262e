package io.vigil.web.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.ingest.config.VigilConfig;
import io.vigil.web.Platform;
import io.vigil.web.WebBindings;

public final class PlatformImpl implements Platform {
  private final Vertx vertx;
  private final VigilConfig config;
  private final WebVerticle web;
  private String webDeployment;

  private PlatformImpl(Vertx vertx, VigilConfig config, WebBindings bindings) {
    this.vertx = vertx;
    this.config = config;
    this.web = new WebVerticle(config.server(), bindings, null, System.out);
  }

  public static Future<Platform> start(Vertx vertx, VigilConfig config) {
    // The web module needs storage (its tables and alerts) and ingest (cameras, frames), which this
    // branch does not have; the merge binds them here and passes them to start(vertx, config, bindings).
    return Future.failedFuture(new IllegalStateException("storage and ingest are not bound to the web module yet"));
  }

  public static Future<Platform> start(Vertx vertx, VigilConfig config, WebBindings bindings) {
    PlatformImpl p = new PlatformImpl(vertx, config, bindings);
    return vertx.deployVerticle(p.web)
        .map(id -> {
          p.webDeployment = id;
          return (Platform) p;
        });
  }

  @Override
  public int httpPort() {
    return web.actualPort();
  }

  @Override
  public String viewerUrl() {
    String host = config.server().bind();
    if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort() + "/";
  }

  @Override
  public Future<Void> close() {
    return webDeployment == null ? Future.succeededFuture() : vertx.undeploy(webDeployment);
  }
}
