package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.config.CameraConfig;
import io.vigil.ingest.live.LiveVideo;
import io.vigil.web.ApiError;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Security;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/cameras/:id/live}: the camera's H.264 as fragmented MP4 over a WebSocket, for
 * Media Source Extensions. First a JSON text message ({@code {"type":"start","codec":...,"epoch":...}})
 * and the init segment, then one binary message per frame from a keyframe on; or
 * {@code {"type":"unsupported"}} and the close, and the page shows snapshots instead.
 *
 * <p>The caller is admitted (session, role) and the camera checked (404 for one the caller may not see)
 * before the connection is upgraded; the session is checked again every heartbeat.
 */
final class LiveVideoApi {
  static final String PATH = "/api/v1/cameras/:id/live";
  private static final short POLICY_VIOLATION = 1008;
  // 403 also for a page of another origin (cross-site WebSocket hijacking); 409 for a disabled camera.
  static final Endpoint LIVE_VIDEO = Endpoint.of(GET, PATH, ApiRoutes.ANY_ROLE, "WebSocket: live H.264 as "
      + "fragmented MP4 for Media Source Extensions (a JSON start message, the init segment, then one fragment "
      + "per frame)", Reply.webSocket("Switching to the WebSocket")).fails(Failure.FORBIDDEN, Failure.CONFLICT);
  static final List<Endpoint> ENDPOINTS = List.of(LIVE_VIDEO);

  private final Vertx vertx;
  private final CameraApi cameras;
  private final Security security;
  private final LiveVideo video;
  private final AtomicInteger viewers = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  LiveVideoApi(Vertx vertx, CameraApi cameras, Security security, LiveVideo video) {
    this.vertx = vertx;
    this.cameras = cameras;
    this.security = security;
    this.video = video;
  }

  void register(ApiRoutes api) {
    api.route(LIVE_VIDEO, this::upgrade);
  }

  int viewers() {
    return viewers.get();
  }

  /** Fragments not sent, over every viewer that has left. */
  long dropped() {
    return dropped.get();
  }

  private void upgrade(RoutingContext ctx, Principal p) {
    CameraConfig camera = cameras.visible(ctx, p);
    // A disabled camera is never connected to, whoever asks: that is what disabling it means.
    if (!camera.enabled()) throw CameraApi.disabled();
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      throw new ApiError(400, "websocket_required", "this route serves a WebSocket");
    }
    // Cross-site WebSocket hijacking: a page elsewhere may open a socket to here with the viewer's
    // cookie (the SameSite cookie stops that in today's browsers; this stops it in all of them).
    if (!sameOrigin(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"))) {
      throw ApiError.forbidden();
    }
    ctx.request().toWebSocket().onSuccess(ws -> serve(ctx, p, camera, ws))
        .onFailure(e -> ctx.fail(new ApiError(400, "websocket_required", "the WebSocket upgrade failed")));
  }

  static boolean sameOrigin(String origin, String host) {
    if (origin == null) return true;
    if (host == null) return false;
    try {
      return host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void serve(RoutingContext ctx, Principal p, CameraConfig camera, ServerWebSocket ws) {
    Context context = vertx.getOrCreateContext();
    LiveVideo.Viewer[] viewer = new LiveVideo.Viewer[1];
    Runnable drain = new Runnable() {
      @Override
      public void run() {
        for (LiveVideo.ViewerMessage m; ; ) {
          if (ws.isClosed()) return;
          if (ws.writeQueueFull()) {
            // Stop taking fragments until the connection has sent what it holds; meanwhile they wait
            // in the viewer's bounded queue, which skips to the next keyframe when full. Skipping at
            // once would lose the frames after every large keyframe, whose write alone fills the queue.
            ws.drainHandler(v -> run());
            return;
          }
          if ((m = viewer[0].poll()) == null) return;
          send(ws, m);
        }
      }
    };
    viewer[0] = video.watch(camera, () -> context.runOnContext(v -> drain.run()));
    viewers.incrementAndGet();
    long timer = vertx.setPeriodic(LiveApi.HEARTBEAT_MS, t -> security.authenticate(ctx).onComplete(ar -> {
      Principal now = ar.succeeded() ? ar.result() : null;
      if (now == null || now.userId() != p.userId() || now.role() != p.role() || !now.sees(camera)) {
        ws.close(POLICY_VIOLATION, "signed out");
        return;
      }
      // Disabled or removed meanwhile: the viewer leaves, and the remux stops connecting after its linger.
      CameraConfig current = cameras.find(camera.id());
      if (current == null || !current.enabled()) {
        ws.close(POLICY_VIOLATION, "camera disabled");
        return;
      }
      // A camera that sends nothing (offline) must not let the server's idle timeout close its viewers.
      ws.writePing(Buffer.buffer());
    }));
    ws.closeHandler(v -> {
      vertx.cancelTimer(timer);
      dropped.addAndGet(viewer[0].dropped());
      viewer[0].close();
      viewers.decrementAndGet();
    });
    // The page sends nothing; anything it does send is read and ignored, never buffered.
    ws.handler(b -> { });
  }

  private static void send(ServerWebSocket ws, LiveVideo.ViewerMessage m) {
    if (m instanceof LiveVideo.Start s) {
      ws.writeTextMessage(new JsonObject().put("type", "start").put("codec", s.codec()).put("epoch", s.epochMillis())
          .encode());
      ws.writeBinaryMessage(Buffer.buffer(s.init()));
    } else if (m instanceof LiveVideo.Fragment f) {
      ws.writeBinaryMessage(Buffer.buffer(f.data()));
    } else if (m instanceof LiveVideo.Unsupported u) {
      ws.writeTextMessage(new JsonObject().put("type", "unsupported").put("codec", u.codec()).encode());
      ws.close();
    }
  }
}
