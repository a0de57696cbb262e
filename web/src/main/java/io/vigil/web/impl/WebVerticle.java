package io.vigil.web.impl;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vigil.ingest.config.ServerSettings;

/** Serves the web viewer and the API. */
public final class WebVerticle extends VerticleBase {
  /** No API request carries more than a camera definition; anything bigger is refused unread. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  private final ServerSettings settings;
  private HttpServer server;

  public WebVerticle(ServerSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/api/v1/health").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.route("/api/*").handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", "not_found")
            .put("message", "no such API route")).encode()));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(settings.httpPort(), settings.bind())
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
