package io.vigil.web.api;

import io.vertx.core.http.HttpMethod;
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
 * The only way a route is added to the API: each names who may call it, and the security handler runs
 * before anything else on it. The list of rules is what the route-walk test and the OpenAPI test
 * compare with the router.
 */
final class ApiRoutes {
  static final Set<Role> ANY_ROLE = Collections.unmodifiableSet(EnumSet.allOf(Role.class));

  /** @param roles empty for a public route */
  record Rule(HttpMethod method, String path, Set<Role> roles, boolean body) {
    boolean isPublic() {
      return roles.isEmpty();
    }
  }

  @FunctionalInterface
  interface Handler {
    void handle(RoutingContext ctx, Principal principal) throws Exception;
  }

  private final Router router;
  private final Security security;
  private final long bodyLimit;
  private final List<Rule> rules = new ArrayList<>();

  ApiRoutes(Router router, Security security, long bodyLimit) {
    this.router = router;
    this.security = security;
    this.bodyLimit = bodyLimit;
  }

  void publicRoute(HttpMethod method, String path, boolean body, io.vertx.core.Handler<RoutingContext> handler) {
    rules.add(new Rule(method, path, Set.of(), body));
    var route = router.route(method, path);
    if (body) route.handler(BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(ApiRoutes::jsonOnly);
    route.handler(handler);
  }

  void route(HttpMethod method, String path, Set<Role> roles, Handler handler) {
    add(method, path, roles, false, handler);
  }

  /**
   * A route that upgrades to a WebSocket once the caller has been admitted. The request is paused first:
   * admission is asynchronous, and an upgrade is only possible while the request has not been read.
   */
  void upgradeRoute(HttpMethod method, String path, Set<Role> roles, Handler handler) {
    router.route(method, path).handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    add(method, path, roles, false, handler);
  }

  /**
   * A route that reads a JSON body. Vert.x buffers the body (at most the body limit) before the
   * security handler runs; nothing looks at it until the caller has been admitted.
   */
  void routeWithBody(HttpMethod method, String path, Set<Role> roles, Handler handler) {
    add(method, path, roles, true, handler);
  }

  private void add(HttpMethod method, String path, Set<Role> roles, boolean body, Handler handler) {
    if (roles.isEmpty()) throw new IllegalArgumentException("a protected route needs at least one role");
    rules.add(new Rule(method, path, Set.copyOf(roles), body));
    var route = router.route(method, path);
    if (body) route.handler(BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(ApiRoutes::jsonOnly);
    route.handler(security.admit(roles)).handler(ctx -> {
      try {
        handler.handle(ctx, Security.principal(ctx));
      } catch (Exception e) {
        ctx.fail(e);
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

  List<Rule> rules() {
    return List.copyOf(rules);
  }
}
