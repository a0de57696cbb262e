package io.vigil.web.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vigil.store.DatabaseHealth;
import io.vigil.web.ApiError;
import io.vigil.web.DatabaseUnavailable;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Authentication (session cookie or bearer API token), anti-forgery and role checks, run first on
 * every protected route. While the database is away, credentials it confirmed lately are taken from
 * a {@link SessionCache} without asking it (see there for what that trades away); sign-outs made
 * meanwhile are refused at once and written to the database when it is back.
 *
 * <p>Called on event loops; the database is asked on worker threads.
 */
public final class Security {
  private static final System.Logger LOG = System.getLogger(Security.class.getName());
  /** How often sign-outs made during an outage are offered to the database: a few seconds after it is back. */
  public static final long REPLAY_EVERY_MS = 5_000;
  public static final String SESSION_COOKIE = "vigil_session";
  /** Readable by the page's script, which echoes it in {@link #CSRF_HEADER}; a forged request cannot. */
  static final String CSRF_COOKIE = "vigil_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String PRINCIPAL = "vigil.principal";

  private final Vertx vertx;
  private final AuthStore store;
  private final Supplier<DatabaseHealth> database;
  private final SessionCache cache = new SessionCache();
  private final AtomicBoolean replaying = new AtomicBoolean();

  public Security(Vertx vertx, AuthStore store, Supplier<DatabaseHealth> database) {
    this.vertx = vertx;
    this.store = store;
    this.database = database;
  }

  /** Whether the database answers, as last checked (without asking it now). */
  public boolean databaseUp() {
    return database.get().up();
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

  /**
   * The caller, or null when anonymous or the credentials are unknown or expired. Fails with a 503
   * {@link DatabaseUnavailable} error for credentials that cannot be checked while the database is away.
   */
  public Future<Principal> authenticate(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null) {
      if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() > 200) {
        return Future.succeededFuture();
      }
      byte[] digest = AuthStore.sha256(auth.substring(7).trim());
      return check(digest, () -> {
        Principal p = store.tokenPrincipal(digest);
        return p == null ? null : new AuthStore.CheckedSession(p, null);
      });
    }
    Cookie session = ctx.request().getCookie(SESSION_COOKIE);
    if (session == null || session.getValue().length() > 100) return Future.succeededFuture();
    byte[] digest = AuthStore.sha256(session.getValue());
    return check(digest, () -> store.session(digest));
  }

  private Future<Principal> check(byte[] digest, Callable<AuthStore.CheckedSession> lookup) {
    if (cache.isRevoked(digest)) return Future.succeededFuture();
    // Known to be down: no round trip, which would wait the pool's connection timeout per request.
    if (!database.get().up()) return fromCache(digest);
    return vertx.executeBlocking(lookup, false).transform(ar -> {
      if (ar.succeeded()) {
        AuthStore.CheckedSession s = ar.result();
        if (s == null) {
          cache.refused(digest);
          return Future.succeededFuture();
        }
        cache.confirmed(digest, s.principal(), Instant.now(), s.expiresAt());
        replayRevocations();
        return Future.succeededFuture(s.principal());
      }
      return DatabaseUnavailable.causedBy(ar.cause()) ? fromCache(digest) : Future.failedFuture(ar.cause());
    });
  }

  private Future<Principal> fromCache(byte[] digest) {
    Principal p = cache.principal(digest, Instant.now());
    return p != null ? Future.succeededFuture(p) : Future.failedFuture(DatabaseUnavailable.error(
        "your sign-in cannot be checked while the database is unavailable; try again shortly"));
  }

  /** A session just made by signing in: the database confirmed it, so it holds through an outage too. */
  public void signedIn(String cookieValue, Principal principal) {
    Instant now = Instant.now();
    cache.confirmed(AuthStore.sha256(cookieValue), principal, now, now.plus(AuthStore.SESSION_LIFETIME));
  }

  /**
   * Signs out the session with this cookie: in the database, or, while it is away, here at once and in
   * the database once it is back.
   */
  public Future<Void> signOut(String cookieValue) {
    byte[] digest = AuthStore.sha256(cookieValue);
    if (!database.get().up()) {
      cache.revoke(digest);
      return Future.succeededFuture();
    }
    return vertx.<Void>executeBlocking(() -> {
      store.deleteSession(digest);
      return null;
    }, false).transform(ar -> {
      cache.refused(digest);
      if (ar.failed() && DatabaseUnavailable.causedBy(ar.cause())) {
        cache.revoke(digest);
        return Future.succeededFuture();
      }
      return ar.succeeded() ? Future.succeededFuture() : Future.failedFuture(ar.cause());
    });
  }

  /**
   * Tells the database of sign-outs made while it was away, when it answers again; one replay at a
   * time. Run after every confirmed credential and every {@link #REPLAY_EVERY_MS} (WebVerticle).
   */
  public void replayRevocations() {
    List<byte[]> pending = cache.pendingRevocations();
    if (pending.isEmpty() || !database.get().up() || !replaying.compareAndSet(false, true)) return;
    vertx.executeBlocking(() -> {
      for (byte[] d : pending) store.deleteSession(d);
      return null;
    }, false).onComplete(ar -> {
      replaying.set(false);
      if (ar.succeeded()) {
        cache.replayed(pending);
        LOG.log(Level.INFO, pending.size() + " sign-outs made while the database was unavailable are stored");
      }
    });
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
