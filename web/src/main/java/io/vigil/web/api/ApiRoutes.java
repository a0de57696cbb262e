package io.vigil.web.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vigil.web.ApiError;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The only way a route is added to the API: each comes with its {@link Endpoint}, which names who may
 * call it and what it takes and answers, and the security handler runs before anything else on it. The
 * endpoints are what the route-walk test compares with the router and what the OpenAPI document is
 * written from.
 */
final class ApiRoutes {
  static final Set<Role> ANY_ROLE = Collections.unmodifiableSet(EnumSet.allOf(Role.class));

  @FunctionalInterface
  interface SignedInHandler {
    void handle(RoutingContext ctx, Principal principal) throws Exception;
  }

  private final Router router;
  private final Security security;
  private final long bodyLimit;
  private final List<Endpoint> endpoints = new ArrayList<>();

  ApiRoutes(Router router, Security security, long bodyLimit) {
    this.router = router;
    this.security = security;
    this.bodyLimit = bodyLimit;
  }

  void publicRoute(Endpoint e, Handler<RoutingContext> handler) {
    if (!e.isPublic()) throw new IllegalArgumentException(e.key() + " names roles; register it with route");
    endpoints.add(e);
    var route = router.route(e.method(), e.path());
    if (e.hasBody()) route.handler(BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(ApiRoutes::jsonOnly);
    route.handler(handler);
  }

  /**
   * A protected route. One that reads a JSON body has Vert.x buffer it (at most the body limit) before
   * the security handler runs; nothing looks at it until the caller has been admitted. One that upgrades
   * to a WebSocket has its request paused first: admission is asynchronous, and an upgrade is only
   * possible while the request has not been read.
   */
  void route(Endpoint e, SignedInHandler handler) {
    if (e.isPublic()) throw new IllegalArgumentException("a protected route needs at least one role: " + e.key());
    endpoints.add(e);
    if (e.reply().upgrades()) {
      router.route(e.method(), e.path()).handler(ctx -> {
        ctx.request().pause();
        ctx.next();
      });
    }
    var route = router.route(e.method(), e.path());
    if (e.hasBody()) route.handler(BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(ApiRoutes::jsonOnly);
    route.handler(security.admit(e.roles())).handler(ctx -> {
      try {
        handler.handle(ctx, Security.principal(ctx));
      } catch (Exception ex) {
        ctx.fail(ex);
      }
    });
  }

  /**
   * A body must be declared JSON. An HTML form on another site can post text/plain that happens to be
   * JSON without a CORS preflight; it cannot post application/json.
   */
  private static void jsonOnly(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (ctx.body().length() > 0 && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
      ctx.fail(new ApiError(415, "unsupported_media_type", "the body must be sent as application/json"));
      return;
    }
    ctx.next();
  }

  List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }
}
