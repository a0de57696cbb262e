package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.config.CameraConfig;
import io.vigil.store.Alert;
import io.vigil.store.AlertChange;
import io.vigil.store.AlertJson;
import io.vigil.web.AlertFilter;
import io.vigil.web.ApiError;
import io.vigil.web.WebBindings;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

/**
 * The alert inbox: listing, one alert, its snapshot and history, and acknowledging, resolving and
 * annotating. Alerts are written in their one shape ({@link AlertJson}). Runs on the event loop.
 */
final class AlertApi {
  private static final System.Logger LOG = System.getLogger(AlertApi.class.getName());
  static final Set<Role> HANDLERS = Set.of(Role.ADMIN, Role.MANAGER);
  private static final Set<String> STATES = Set.copyOf(Schemas.ALERT_STATES);
  static final Param OFFSET = Param.integer("offset", "Alerts to skip", 0, 0, 1_000_000);
  static final Param LIMIT = Param.integer("limit", "Alerts to return at most", 50, 1, 500);
  static final Param DEAD_LETTER_LIMIT = Param.integer("limit", "Deliveries to return at most", 100, 1, 1000);

  static final Endpoint LIST = Endpoint.of(GET, "/api/v1/alerts", ApiRoutes.ANY_ROLE, "Alerts, newest first, paged",
      Reply.json("A page of alerts", Schemas.ALERT_PAGE))
      .query(Param.oneOf("state", "Only alerts in this state", Schemas.ALERT_STATES),
          Param.id("camera", "Only this camera's"), Param.text("site", "Only this site's"),
          Param.id("zone", "Only this zone's"), Param.instant("from", "From this instant on (default: a week before to)"),
          Param.instant("to", "Before this instant (default: now)"), OFFSET, LIMIT);
  static final Endpoint DEAD_LETTERS = Endpoint.of(GET, "/api/v1/dead-letters", Set.of(Role.ADMIN),
      "Webhook deliveries that failed every attempt, newest first", Reply.json("The deliveries",
          Schemas.DEAD_LETTER_LIST)).query(DEAD_LETTER_LIMIT);
  static final Endpoint ONE = Endpoint.of(GET, "/api/v1/alerts/:id", ApiRoutes.ANY_ROLE, "One alert",
      Reply.json("The alert", Schemas.ALERT));
  static final Endpoint SNAPSHOT = Endpoint.of(GET, "/api/v1/alerts/:id/snapshot.jpg", ApiRoutes.ANY_ROLE,
      "The frame that raised the alert (JPEG)", Reply.jpeg("The frame"));
  static final Endpoint ACKNOWLEDGE = Endpoint.of(POST, "/api/v1/alerts/:id/acknowledge", HANDLERS,
      "Acknowledge an alert, with an optional note", Reply.json("The alert as it is now", Schemas.ALERT))
      .optionalBody(Schemas.ALERT_ACTION);
  static final Endpoint RESOLVE = Endpoint.of(POST, "/api/v1/alerts/:id/resolve", HANDLERS,
      "Resolve an alert, with an optional note", Reply.json("The alert as it is now", Schemas.ALERT))
      .optionalBody(Schemas.ALERT_ACTION);
  static final Endpoint NOTE = Endpoint.of(POST, "/api/v1/alerts/:id/notes", HANDLERS,
      "Add a note to an alert's history (notes are never changed or removed)",
      Reply.json("The alert as it is now", Schemas.ALERT)).body(Schemas.NOTE_REQUEST);
  static final Endpoint HISTORY = Endpoint.of(GET, "/api/v1/alerts/:id/history", ApiRoutes.ANY_ROLE,
      "What happened to an alert, oldest first: opening, escalation, acknowledgement, notes, resolution",
      Reply.json("The history", Schemas.ALERT_HISTORY));
  static final List<Endpoint> ENDPOINTS = List.of(LIST, DEAD_LETTERS, ONE, SNAPSHOT, ACKNOWLEDGE, RESOLVE, NOTE,
      HISTORY);

  private final Vertx vertx;
  private final WebBindings b;
  private final CameraApi cameras;
  private final AuthStore store;

  AlertApi(Vertx vertx, WebBindings bindings, CameraApi cameras, AuthStore store) {
    this.vertx = vertx;
    this.b = bindings;
    this.cameras = cameras;
    this.store = store;
  }

  void register(ApiRoutes api) {
    api.route(LIST, this::list);
    api.route(DEAD_LETTERS, this::deadLetters);
    api.route(ONE, (ctx, p) -> visible(ctx, p).onSuccess(a -> ctx.json(AlertJson.encode(a, b.alerts().noDataSince(a)))).onFailure(ctx::fail));
    api.route(HISTORY, (ctx, p) -> visible(ctx, p)
        .onSuccess(a -> ctx.json(new JsonObject().put("items", AlertJson.history(a)))).onFailure(ctx::fail));
    api.route(SNAPSHOT, this::snapshot);
    api.route(ACKNOWLEDGE, (ctx, p) -> act(ctx, p, true));
    api.route(RESOLVE, (ctx, p) -> act(ctx, p, false));
    api.route(NOTE, this::note);
  }

  private void deadLetters(RoutingContext ctx, Principal p) {
    int limit = DEAD_LETTER_LIMIT.integer(ctx);
    b.alerts().deadLetters(limit).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(d -> items.add(new JsonObject().put("id", d.id())
          .put("failedAt", d.failedAt().toString()).put("site", d.site()).put("url", d.url())
          .put("alertId", d.alertId().toString()).put("event", d.event()).put("attempts", d.attempts())
          .put("lastError", d.lastError())));
      ctx.json(new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx, Principal p) {
    var q = ctx.request();
    String state = q.getParam("state");
    if (state != null && !STATES.contains(state)) throw ApiError.badRequest("state must be open, acknowledged or resolved");
    String camera = q.getParam("camera");
    if (camera != null) Input.id("camera", camera);
    String site = q.getParam("site");
    if (site != null) Input.text("site", site, Schemas.TEXT_MAX, true, false);
    String zone = q.getParam("zone");
    if (zone != null) Input.id("zone", zone);
    Instant to = Input.instant("to", q.getParam("to"), Instant.now().plusSeconds(1));
    Instant from = Input.instant("from", q.getParam("from"), to.minus(Duration.ofDays(7)));
    if (!from.isBefore(to)) throw ApiError.badRequest("from must be before to");
    int offset = OFFSET.integer(ctx);
    int limit = LIMIT.integer(ctx);
    Set<String> ids = new HashSet<>();
    for (CameraConfig c : b.cameras().cameras()) {
      if (p.sees(c) && (camera == null || camera.equals(c.id())) && (site == null || site.equals(c.site()))) {
        ids.add(c.id());
      }
    }
    if (ids.isEmpty()) {
      ctx.json(Json.page(new JsonArray(), offset, limit, 0));
      return;
    }
    b.alerts().alerts(new AlertFilter(from, to, ids, zone, state, offset, limit)).onSuccess(page -> {
      JsonArray items = new JsonArray();
      page.items().forEach(a -> items.add(AlertJson.encode(a, b.alerts().noDataSince(a))));
      ctx.json(Json.page(items, page.offset(), page.limit(), page.total()));
    }).onFailure(ctx::fail);
  }

  /** The alert named in the path, failing with 404 when there is none or its camera is hidden from the caller. */
  private Future<Alert> visible(RoutingContext ctx, Principal p) {
    UUID id = Input.uuid("id", ctx.pathParam("id"));
    return b.alerts().alert(id).recover(e -> Future.failedFuture(
        e instanceof NoSuchElementException ? ApiError.notFound() : e)).map(a -> {
          CameraConfig c = cameras.find(a.cameraId());
          // An alert of a camera since removed stays visible to those who see every camera.
          boolean sees = c != null ? p.sees(c) : p.role() == Role.ADMIN || p.role() == Role.IOC;
          if (!sees) throw ApiError.notFound();
          return a;
        });
  }

  private void snapshot(RoutingContext ctx, Principal p) {
    visible(ctx, p).compose(a -> {
      if (a.snapshotRef() == null) return Future.failedFuture(ApiError.notFound());
      return b.snapshots().read(a.snapshotRef()).recover(e -> {
        if (e instanceof IllegalArgumentException) {
          LOG.log(Level.WARNING, "Alert " + a.id() + " has a malformed snapshot reference");
        }
        return Future.failedFuture(e instanceof IllegalArgumentException || e instanceof NoSuchElementException
            ? ApiError.notFound() : e);
      });
    }).onSuccess(jpeg -> ctx.response().putHeader("Content-Type", "image/jpeg")
        .putHeader("Cache-Control", "private, max-age=3600").end(jpeg)).onFailure(ctx::fail);
  }

  private void note(RoutingContext ctx, Principal p) {
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.NOTE_REQUEST.fieldNames());
    String text = Input.text(body, "text", Schemas.NOTE_MAX, true, true);
    handled(ctx, p).compose(a -> b.alerts().note(a.id(), p.username(), text))
        .compose(updated -> audited(p, "alert_noted", updated, text))
        .onSuccess(updated -> {
          Instant blind = b.alerts().noDataSince(updated);
          b.live().alert(AlertChange.NOTED, updated, blind);
          ctx.json(AlertJson.encode(updated, blind));
        }).onFailure(ctx::fail);
  }

  /** The alert named in the path, failing with 403 when the caller may see but not handle it. */
  private Future<Alert> handled(RoutingContext ctx, Principal p) {
    return visible(ctx, p).compose(a -> {
      CameraConfig c = cameras.find(a.cameraId());
      if (p.role() != Role.ADMIN && (c == null || !p.handlesAlertsOf(c))) {
        return Future.failedFuture(ApiError.forbidden());
      }
      return Future.succeededFuture(a);
    });
  }

  private Future<Alert> audited(Principal p, String action, Alert updated, String note) {
    return vertx.executeBlocking(() -> {
      store.audit(p.username(), action, "alert", updated.id().toString(), new JsonObject()
          .put("cameraId", updated.cameraId()).put("note", note).put("state", updated.state().code()));
      return updated;
    }, false);
  }

  private void act(RoutingContext ctx, Principal p, boolean acknowledge) {
    String note = null;
    if (ctx.body().length() > 0) {
      JsonObject body = Input.object(ctx.body().buffer());
      Input.onlyFields(body, Schemas.ALERT_ACTION.fieldNames());
      note = Input.text(body, "note", Schemas.NOTE_MAX, false, true);
      if (note != null && note.isEmpty()) note = null;
    }
    String finalNote = note;
    handled(ctx, p).compose(a -> acknowledge ? b.alerts().acknowledge(a.id(), p.username(), finalNote)
            : b.alerts().resolve(a.id(), p.username(), finalNote))
        .compose(updated -> audited(p, acknowledge ? "alert_acknowledged" : "alert_resolved", updated, finalNote))
        .onSuccess(updated -> {
          Instant blind = b.alerts().noDataSince(updated);
          b.live().alert(acknowledge ? AlertChange.ACKNOWLEDGED : AlertChange.CLOSED, updated, blind);
          ctx.json(AlertJson.encode(updated, blind));
        }).onFailure(ctx::fail);
  }
}
