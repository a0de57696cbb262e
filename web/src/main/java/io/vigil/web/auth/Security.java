package io.vigil.web.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vigil.web.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Authentication (session cookie or bearer API token), anti-forgery and role checks, run first on
 * every protected route.
 */
public final class Security {
  public static final String SESSION_COOKIE = "vigil_session";
  /** Readable by the page's script, which echoes it in {@link #CSRF_HEADER}; a forged request cannot. */
  static final String CSRF_COOKIE = "vigil_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String PRINCIPAL = "vigil.principal";

  private final Vertx vertx;
  private final AuthStore store;

  public Security(Vertx vertx, AuthStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  public Handler<RoutingContext> admit(Set<Role> roles) {
    return ctx -> authenticate(ctx).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Principal p = ar.result();
      if (p == null) {
        ctx.fail(ApiError.unauthenticated());
        return;
      }
      if (p.csrfToken() != null && !isSafe(ctx.request().method())
          && !constantTimeEquals(p.csrfToken(), ctx.request().getHeader(CSRF_HEADER))) {
        ctx.fail(new ApiError(403, "csrf", "missing or wrong " + CSRF_HEADER + " header"));
        return;
      }
      if (!roles.contains(p.role())) {
        ctx.fail(ApiError.forbidden());
        return;
      }
      ctx.put(PRINCIPAL, p);
      ctx.next();
    });
  }

  /** The caller, or null when anonymous or the credentials are unknown or expired. */
  public Future<Principal> authenticate(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null) {
      if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() > 200) {
        return Future.succeededFuture();
      }
      String secret = auth.substring(7).trim();
      return vertx.executeBlocking(() -> store.tokenPrincipal(secret), false);
    }
    Cookie session = ctx.request().getCookie(SESSION_COOKIE);
    if (session == null || session.getValue().length() > 100) return Future.succeededFuture();
    String value = session.getValue();
    return vertx.executeBlocking(() -> store.sessionPrincipal(value), false);
  }

  public static Cookie sessionCookie(RoutingContext ctx, String value, long maxAgeSeconds) {
    return cookie(ctx, SESSION_COOKIE, value, maxAgeSeconds).setHttpOnly(true);
  }

  public static Cookie csrfCookie(RoutingContext ctx, String value, long maxAgeSeconds) {
    return cookie(ctx, CSRF_COOKIE, value, maxAgeSeconds).setHttpOnly(false);
  }

  private static Cookie cookie(RoutingContext ctx, String name, String value, long maxAgeSeconds) {
    return Cookie.cookie(name, value).setPath("/").setSameSite(CookieSameSite.STRICT)
        .setSecure(ctx.request().isSSL()).setMaxAge(maxAgeSeconds);
  }

  /** Methods that change nothing: a session may call them without the anti-forgery header. */
  public static boolean isSafe(HttpMethod m) {
    return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
  }

  static boolean constantTimeEquals(String expected, String actual) {
    if (actual == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
