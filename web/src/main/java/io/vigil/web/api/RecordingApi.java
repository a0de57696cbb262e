package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.config.CameraConfig;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import io.vigil.web.ApiError;
import io.vigil.web.RecordingSource;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Recorded video: a camera's timeline, a segment's file, a range as one download, an alert's clip. The
 * same rules as snapshots and live video: a camera the caller may not see is a 404, as is an alert of
 * one. Files are served with HTTP range requests ({@link FileReplies}); every download is audited.
 */
final class RecordingApi {
  /** A timeline asks for a day; a week of 10 s segments is 60,480 rows, the most one answer lists. */
  private static final Duration MAX_RANGE = Duration.ofDays(7);
  /** A download is at most an hour: about 1.8 GB of a 4 Mbit/s stream, joined on a worker. */
  private static final Duration MAX_EXPORT = Duration.ofHours(1);

  static final Endpoint TIMELINE = Endpoint.of(GET, "/api/v1/cameras/:id/recordings", ApiRoutes.ANY_ROLE,
      "The camera's recorded segments and its alerts over a range (default: the last 24 h)",
      Reply.json("Segments and alerts, oldest first", Schemas.RECORDINGS))
      .query(Param.instant("from", "From this instant on (default: 24 h before to)"),
          Param.instant("to", "Before this instant (default: now)"));
  static final Endpoint SEGMENT = Endpoint.of(GET, "/api/v1/cameras/:id/recordings/:start", ApiRoutes.ANY_ROLE,
      "One recorded segment (MP4; HTTP range requests accepted)", Reply.mp4("The segment"));
  static final Endpoint DOWNLOAD = Endpoint.of(GET, "/api/v1/cameras/:id/recording.mp4", ApiRoutes.ANY_ROLE,
      "A range of the camera's recording as one MP4, joined without re-encoding (audited)",
      Reply.mp4("The recording")).query(Param.instant("from", "Start (required)"), Param.instant("to", "End (required; at most an hour after from)"));
  static final Endpoint CLIP = Endpoint.of(GET, "/api/v1/alerts/:id/clip", ApiRoutes.ANY_ROLE,
      "The alert's clip: its camera's segments from the pre-roll before it opened to the post-roll after it closed",
      Reply.json("The clip", Schemas.CLIP));
  static final List<Endpoint> ENDPOINTS = List.of(TIMELINE, SEGMENT, DOWNLOAD, CLIP);

  private final Vertx vertx;
  private final CameraApi cameras;
  private final AuthStore store;
  private final RecordingSource source;

  /** @param source null when this server records nothing: every route then answers 404 */
  RecordingApi(Vertx vertx, CameraApi cameras, AuthStore store, RecordingSource source) {
    this.vertx = vertx;
    this.cameras = cameras;
    this.store = store;
    this.source = source;
  }

  void register(ApiRoutes api) {
    api.route(TIMELINE, this::timeline);
    api.route(SEGMENT, this::segment);
    api.route(DOWNLOAD, this::download);
    api.route(CLIP, this::clip);
  }

  private RecordingSource source() {
    if (source == null) throw ApiError.notFound();
    return source;
  }

  private void timeline(RoutingContext ctx, Principal p) {
    CameraConfig c = cameras.visible(ctx, p);
    Instant to = Input.instant("to", ctx.request().getParam("to"), Instant.now());
    Instant from = Input.instant("from", ctx.request().getParam("from"), to.minus(Duration.ofDays(1)));
    checkRange(from, to, MAX_RANGE);
    RecordingSource s = source();
    s.segments(c.id(), from, to).compose(segments -> s.alerts(c.id(), from, to).map(alerts -> {
      JsonArray a = new JsonArray();
      alerts.forEach(x -> a.add(new JsonObject().put("id", x.id().toString()).put("time", x.opened().toString())
          .put("resolvedAt", x.resolved() == null ? null : x.resolved().toString())));
      return new JsonObject().put("cameraId", c.id()).put("from", from.toString()).put("to", to.toString())
          .put("segments", segments(segments)).put("alerts", a);
    })).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void segment(RoutingContext ctx, Principal p) {
    CameraConfig c = cameras.visible(ctx, p);
    long start = parseMillis(ctx.pathParam("start"));
    source().segmentFile(c.id(), Instant.ofEpochMilli(start)).recover(RecordingApi::refusal)
        .onSuccess(f -> FileReplies.send(ctx, f.file(), "video/mp4", f.temporary())).onFailure(ctx::fail);
  }

  private void download(RoutingContext ctx, Principal p) {
    CameraConfig c = cameras.visible(ctx, p);
    String fromText = ctx.request().getParam("from");
    String toText = ctx.request().getParam("to");
    if (fromText == null || toText == null) throw ApiError.badRequest("from and to are required");
    Instant from = Input.instant("from", fromText, null);
    Instant to = Input.instant("to", toText, null);
    checkRange(from, to, MAX_EXPORT);
    source().export(c.id(), from, to).recover(RecordingApi::refusal)
        .compose(file -> vertx.executeBlocking(() -> {
          store.audit(p.username(), "recording_downloaded", "camera", c.id(),
              new JsonObject().put("from", from.toString()).put("to", to.toString()));
          return file;
        }, false))
        .onSuccess(file -> {
          ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + c.id() + "-"
              + from.toString().replace(':', '-') + ".mp4\"");
          FileReplies.send(ctx, file, "video/mp4", true);
        }).onFailure(ctx::fail);
  }

  private void clip(RoutingContext ctx, Principal p) {
    UUID id = Input.uuid("id", ctx.pathParam("id"));
    source().clip(id).recover(e -> Future.failedFuture(e instanceof NoSuchElementException ? ApiError.notFound() : e))
        .map(clip -> {
          CameraConfig c = cameras.find(clip.cameraId());
          // As for the alert itself: one of a camera since removed is for those who see every camera.
          boolean sees = c != null ? p.sees(c) : p.role() == Role.ADMIN || p.role() == Role.IOC;
          if (!sees) throw ApiError.notFound();
          return new JsonObject().put("alertId", id.toString()).put("cameraId", clip.cameraId())
              .put("from", clip.from().toString()).put("to", clip.to().toString())
              .put("opened", clip.opened().toString()).put("segments", segments(clip.segments()))
              .put("tracks", tracks(clip.tracks()));
        }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** Nothing recorded is a 404; a segment whose node cannot give it now, a 503 that says so. */
  private static <T> Future<T> refusal(Throwable e) {
    if (e instanceof NoSuchElementException) return Future.failedFuture(ApiError.notFound());
    if (e instanceof RecordingSource.NodeUnavailable u) {
      return Future.failedFuture(new ApiError(503, RecordingSource.NodeUnavailable.CODE, u.getMessage()));
    }
    return Future.failedFuture(e);
  }

  private static JsonArray segments(List<SegmentRow> rows) {
    JsonArray out = new JsonArray();
    for (SegmentRow s : rows) {
      out.add(new JsonObject().put("start", s.start().toString()).put("end", s.end().toString())
          .put("bytes", s.bytes()).put("url", "/api/v1/cameras/" + s.cameraId() + "/recordings/" + s.start().toEpochMilli()));
    }
    return out;
  }

  /** [[time ms, [[id, left, top, right, bottom], ...]], ...]: compact, as the live feed sends boxes. */
  private static JsonArray tracks(List<RecordingIndex.TrackRow> rows) {
    JsonArray out = new JsonArray();
    for (RecordingIndex.TrackRow r : rows) out.add(new JsonArray().add(r.time().toEpochMilli()).add(new JsonArray(r.tracks())));
    return out;
  }

  private static void checkRange(Instant from, Instant to, Duration max) {
    if (!from.isBefore(to)) throw ApiError.badRequest("from must be before to");
    if (Duration.between(from, to).compareTo(max) > 0) {
      throw ApiError.badRequest("the range may be at most " + max.toHours() + " h");
    }
  }

  private static long parseMillis(String text) {
    try {
      long v = Long.parseLong(text);
      if (v < 0) throw ApiError.badRequest("start must be a segment's start in epoch milliseconds");
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("start must be a segment's start in epoch milliseconds");
    }
  }
}
