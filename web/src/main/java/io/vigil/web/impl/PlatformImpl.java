package io.vigil.web.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.ingest.config.VigilConfig;
import io.vigil.web.Platform;

public final class PlatformImpl implements Platform {
  private final Vertx vertx;
  private final VigilConfig config;
  private final WebVerticle web;
  private String webDeployment;

  private PlatformImpl(Vertx vertx, VigilConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.web = new WebVerticle(config.server());
  }

  public static Future<Platform> start(Vertx vertx, VigilConfig config) {
    PlatformImpl p = new PlatformImpl(vertx, config);
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
