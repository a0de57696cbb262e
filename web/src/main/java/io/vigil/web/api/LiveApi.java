package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.config.CameraConfig;
import io.vigil.web.ApiError;
import io.vigil.web.CameraHealth;
import io.vigil.web.WebBindings;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Security;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/live}: a Server-Sent Events stream of alerts, per-frame overlays (boxes, zone
 * counts) and camera status, narrowed to the cameras the caller may see. The stream re-checks the
 * caller's session every heartbeat and ends once it has been signed out.
 */
final class LiveApi {
  static final long HEARTBEAT_MS = 15_000;

  static final Endpoint STREAM = Endpoint.of(GET, "/api/v1/live", ApiRoutes.ANY_ROLE,
      "Server-Sent Events: alert, analysis and status events", Reply.eventStream("The event stream, until the "
          + "viewer leaves or is signed out")).query(Param.id("camera", "Only this camera's events"))
      .fails(Failure.NOT_FOUND);
  static final List<Endpoint> ENDPOINTS = List.of(STREAM);

  private final Vertx vertx;
  private final WebBindings b;
  private final CameraApi cameras;
  private final Security security;
  private final AtomicInteger clients = new AtomicInteger();
  /** Messages not sent because a viewer's connection could not keep up. */
  private final AtomicLong dropped = new AtomicLong();

  LiveApi(Vertx vertx, WebBindings bindings, CameraApi cameras, Security security) {
    this.vertx = vertx;
    this.b = bindings;
    this.cameras = cameras;
    this.security = security;
  }

  void register(ApiRoutes api) {
    api.route(STREAM, this::stream);
  }

  int clients() {
    return clients.get();
  }

  long dropped() {
    return dropped.get();
  }

  private void stream(RoutingContext ctx, Principal p) {
    String only = ctx.request().getParam("camera");
    if (only != null) {
      Input.id("camera", only);
      CameraConfig c = cameras.find(only);
      if (c == null || !p.sees(c)) throw ApiError.notFound();
    }
    HttpServerResponse resp = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    resp.write("retry: 3000\n\n");
    for (CameraConfig c : b.cameras().cameras()) {
      CameraHealth s = b.cameras().state(c.id());
      if (s != null && p.sees(c) && (only == null || only.equals(c.id()))) send(resp, "status", Json.state(s));
    }
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(EventBusLiveFeed.ADDRESS, msg -> {
      JsonObject m = msg.body();
      String cameraId = m.getString("cameraId");
      if (only != null && !only.equals(cameraId)) return;
      CameraConfig c = cameras.find(cameraId);
      if (c == null || !p.sees(c)) return;
      // A slow viewer misses overlays rather than making the server buffer without bound.
      if (resp.writeQueueFull()) {
        dropped.incrementAndGet();
        return;
      }
      send(resp, m.getString("type"), m.getJsonObject("data"));
    });
    clients.incrementAndGet();
    long timer = vertx.setPeriodic(HEARTBEAT_MS, t -> security.authenticate(ctx).onComplete(ar -> {
      Principal now = ar.succeeded() ? ar.result() : null;
      if (now == null || now.userId() != p.userId() || now.role() != p.role()) resp.end();
      else resp.write(": ping\n\n");
    }));
    // Ended by us (signed out) or closed by the viewer: whichever comes first cleans up.
    AtomicBoolean open = new AtomicBoolean(true);
    Handler<Void> cleanUp = v -> {
      if (!open.compareAndSet(true, false)) return;
      consumer.unregister();
      vertx.cancelTimer(timer);
      clients.decrementAndGet();
    };
    resp.closeHandler(cleanUp);
    resp.endHandler(cleanUp);
  }

  private static void send(HttpServerResponse resp, String type, JsonObject data) {
    resp.write("event: " + type + "\ndata: " + data.encode() + "\n\n");
  }
}
