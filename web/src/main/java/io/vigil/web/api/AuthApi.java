package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.web.ApiError;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.FirstAdminNotice;
import io.vigil.web.auth.LoginThrottle;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sign-in and sign-out, the caller's own password, language and API tokens (users and the audit log are
 * {@link UserApi}'s). Handlers run on the event loop and hand JDBC to workers.
 */
final class AuthApi {
  private static final System.Logger LOG = System.getLogger(AuthApi.class.getName());
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
  static final int MIN_PASSWORD = 12;
  static final int MAX_PASSWORD = 128;

  static final Endpoint LOGIN = Endpoint.of(POST, "/api/v1/auth/login", Set.of(),
      "Sign in; sets the session and CSRF cookies", Reply.json("Signed in", Schemas.SIGNED_IN))
      .body(Schemas.LOGIN).fails(Failure.UNAUTHENTICATED, Failure.TOO_MANY_REQUESTS);
  static final Endpoint LOGOUT = Endpoint.of(POST, "/api/v1/auth/logout", ApiRoutes.ANY_ROLE, "Sign out",
      Reply.noContent("Signed out; the cookies are cleared"));
  static final Endpoint ME = Endpoint.of(GET, "/api/v1/auth/me", ApiRoutes.ANY_ROLE, "The signed-in user",
      Reply.json("The caller", Schemas.ME));
  static final Endpoint PASSWORD = Endpoint.of(POST, "/api/v1/auth/password", ApiRoutes.ANY_ROLE,
      "Change one's own password; ends all sessions", Reply.noContent("Changed")).body(Schemas.PASSWORD_CHANGE);
  static final Endpoint TOKENS = Endpoint.of(GET, "/api/v1/tokens", ApiRoutes.ANY_ROLE,
      "One's own API tokens (never the secrets)", Reply.json("The caller's tokens", Schemas.TOKEN_LIST));
  static final Endpoint NEW_TOKEN = Endpoint.of(POST, "/api/v1/tokens", ApiRoutes.ANY_ROLE,
      "Make an API token; the secret is shown once", Reply.json("The token and its secret", Schemas.NEW_TOKEN))
      .body(Schemas.TOKEN_REQUEST);
  static final Endpoint DELETE_TOKEN = Endpoint.of(DELETE, "/api/v1/tokens/:id", ApiRoutes.ANY_ROLE,
      "Revoke one of one's API tokens", Reply.noContent("Revoked"));
  static final Endpoint LANGUAGE = Endpoint.of(PUT, "/api/v1/auth/me/language", ApiRoutes.ANY_ROLE,
      "Remember the viewer's language for the caller, in every browser", Reply.noContent("Remembered"))
      .body(Schemas.LANGUAGE_CHOICE);
  static final List<Endpoint> ENDPOINTS = List.of(LOGIN, LOGOUT, ME, LANGUAGE, PASSWORD, TOKENS, NEW_TOKEN,
      DELETE_TOKEN);

  private record SignedIn(AuthStore.NewSession session, Principal principal, String language) {}

  private final Vertx vertx;
  private final AuthStore store;
  private final LoginThrottle throttle;
  private final SecureRandom random;

  AuthApi(Vertx vertx, AuthStore store, LoginThrottle throttle, SecureRandom random) {
    this.vertx = vertx;
    this.store = store;
    this.throttle = throttle;
    this.random = random;
  }

  void register(ApiRoutes api) {
    api.publicRoute(LOGIN, this::login);
    api.route(LOGOUT, this::logout);
    api.route(ME, (ctx, p) -> blocking(ctx, () -> me(p, store.language(p.userId()))));
    api.route(LANGUAGE, this::setLanguage);
    api.route(PASSWORD, this::changePassword);
    api.route(TOKENS, (ctx, p) -> blocking(ctx, () -> new JsonObject().put("items", store.tokens(p.userId()))));
    api.route(NEW_TOKEN, this::createToken);
    api.route(DELETE_TOKEN, this::deleteToken);
  }

  /**
   * Creates the first administrator when there are no users, handing the generated password once to
   * {@code notice}; it is never logged or stored in clear.
   */
  static void ensureFirstAdmin(AuthStore store, SecureRandom random, FirstAdminNotice notice) throws Exception {
    if (store.userCount() > 0) return;
    String password = generatePassword(random);
    try {
      store.createUser("admin", password.toCharArray(), Role.ADMIN, null, Set.of());
    } catch (ApiError e) {
      // Cluster nodes starting together race for it; the one that made it has shown the password.
      if (e.status() == 409) return;
      throw e;
    }
    notice.deliver("admin", password);
    LOG.log(Level.INFO, "Created the first administrator 'admin'; its password was shown once");
  }

  private static String generatePassword(SecureRandom random) {
    byte[] b = new byte[15];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.LOGIN.fieldNames());
    String username = username(Input.text(body, "username", Schemas.USERNAME_MAX, true, false));
    Object pw = body.getValue("password");
    if (!(pw instanceof String) || ((String) pw).length() > MAX_PASSWORD) {
      throw ApiError.badRequest("password must be a string of at most " + MAX_PASSWORD + " characters");
    }
    char[] password = ((String) pw).toCharArray();
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    Duration wait = throttle.retryAfter(username, address);
    if (!wait.isZero()) {
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
      ctx.fail(new ApiError(429, "too_many_attempts", "too many failed sign-ins; try again later"));
      return;
    }
    // Counted before the check, so that parallel guesses cannot all slip under the limit.
    throttle.failed(username, address);
    vertx.executeBlocking(() -> {
      AuthStore.LoginRecord rec = store.loginRecord(username);
      boolean ok = store.hasher().verify(password, rec == null ? null : rec.passwordHash());
      Arrays.fill(password, '\0');
      if (!ok) return null;
      AuthStore.NewSession s = store.createSession(rec.userId());
      return new SignedIn(s, store.userPrincipal(rec.userId(), s.csrfToken()), store.language(rec.userId()));
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (ar.result() == null) {
        // A random pause blurs whatever timing difference remains between the failure paths.
        vertx.setTimer(200 + random.nextInt(400),
            t -> ctx.fail(new ApiError(401, "invalid_credentials", "wrong user name or password")));
        return;
      }
      throttle.succeeded(username, address);
      AuthStore.NewSession s = ar.result().session();
      Principal p = ar.result().principal();
      long maxAge = AuthStore.SESSION_LIFETIME.getSeconds();
      ctx.response().addCookie(Security.sessionCookie(ctx, s.cookieValue(), maxAge));
      ctx.response().addCookie(Security.csrfCookie(ctx, s.csrfToken(), maxAge));
      ctx.json(me(p, ar.result().language()).put("csrfToken", s.csrfToken()));
    });
  }

  private void logout(RoutingContext ctx, Principal p) {
    Cookie c = ctx.request().getCookie(Security.SESSION_COOKIE);
    Future<Void> done = c == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      store.deleteSession(c.getValue());
      return null;
    }, false);
    done.onSuccess(v -> {
      ctx.response().addCookie(Security.sessionCookie(ctx, "", 0));
      ctx.response().addCookie(Security.csrfCookie(ctx, "", 0));
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx, Principal p) {
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.PASSWORD_CHANGE.fieldNames());
    char[] current = password(body, "current", 1);
    char[] next = password(body, "password", MIN_PASSWORD);
    vertx.executeBlocking(() -> {
      AuthStore.LoginRecord rec = store.loginRecord(p.username());
      if (rec == null || !store.hasher().verify(current, rec.passwordHash())) {
        throw new ApiError(403, "invalid_credentials", "the current password is wrong");
      }
      store.setPassword(p.userId(), next);
      store.audit(p.username(), "password_changed", "user", p.username(), new JsonObject());
      return null;
    }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void createToken(RoutingContext ctx, Principal p) {
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.TOKEN_REQUEST.fieldNames());
    String name = Input.text(body, "name", Schemas.TOKEN_NAME_MAX, true, false);
    blocking(ctx, () -> {
      AuthStore.NewToken t = store.createToken(p.userId(), name);
      store.audit(p.username(), "token_created", "token", Long.toString(t.id()), new JsonObject().put("name", name));
      // The only time the secret is shown.
      return new JsonObject().put("id", t.id()).put("name", name).put("token", t.secret());
    });
  }

  private void deleteToken(RoutingContext ctx, Principal p) {
    long id = pathId(ctx);
    blocking(ctx, () -> {
      if (!store.deleteToken(p.userId(), id)) throw ApiError.notFound();
      store.audit(p.username(), "token_deleted", "token", Long.toString(id), new JsonObject());
      return null;
    });
  }

  private void setLanguage(RoutingContext ctx, Principal p) {
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.LANGUAGE_CHOICE.fieldNames());
    String language = Input.text(body, "language", 2, true, false);
    if (!AuthStore.LANGUAGES.contains(language)) {
      throw ApiError.badRequest("language must be one of " + String.join(", ", AuthStore.LANGUAGES));
    }
    blocking(ctx, () -> {
      store.setLanguage(p.userId(), language);
      return null;
    });
  }

  /** @param language the one the user chose, null before any choice */
  static JsonObject me(Principal p, String language) {
    return new JsonObject().put("username", p.username()).put("role", p.role().code()).put("language", language)
        .put("organisation", p.organisation()).put("sites", new JsonArray(p.sites().stream().sorted().toList()));
  }

  /** NFKC and lower case, so that look-alike spellings of one name are one account. */
  static String username(String raw) {
    String u = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(u).matches()) {
      throw ApiError.badRequest("username must be 1-64 letters, digits, '.', '_', '@' or '-'");
    }
    return u;
  }

  static char[] password(JsonObject body, String field, int min) {
    Object v = body.getValue(field);
    if (!(v instanceof String)) throw ApiError.badRequest(field + " is required and must be a string");
    String s = (String) v;
    if (s.length() < min || s.length() > MAX_PASSWORD) {
      throw ApiError.badRequest(field + " must be " + min + " to " + MAX_PASSWORD + " characters");
    }
    return s.toCharArray();
  }

  static long pathId(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    if (raw == null || !raw.matches("[0-9]{1,18}")) throw ApiError.notFound();
    return Long.parseLong(raw);
  }

  @FunctionalInterface
  interface Blocking {
    JsonObject call() throws Exception;
  }

  private void blocking(RoutingContext ctx, Blocking work) {
    blocking(vertx, ctx, work);
  }

  /** Runs JDBC work on a worker and answers with its JSON, or 204 when it gives null. */
  static void blocking(Vertx vertx, RoutingContext ctx, Blocking work) {
    vertx.executeBlocking(work::call, false).onSuccess(json -> {
      if (json == null) ctx.response().setStatusCode(204).end();
      else ctx.json(json);
    }).onFailure(ctx::fail);
  }
}
