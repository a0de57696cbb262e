package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.store.AuditQueries.AuditFilter;
import io.vigil.web.ApiError;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * For administrators: users (create, disable and enable, reset a password, delete) and the audit log.
 * Every change is audited. Handlers run on the event loop and hand JDBC to workers.
 */
final class UserApi {
  static final Set<Role> ADMINS = Set.of(Role.ADMIN);
  static final Param OFFSET = Param.integer("offset", "Entries to skip", 0, 0, 1_000_000);
  static final Param LIMIT = Param.integer("limit", "Entries to return at most", 50, 1, 500);
  static final Param ACTOR = Param.text("actor", "Only entries by this user name");
  static final Param ACTION = Param.text("action", "Only entries of this action (user_created, token_deleted…)");
  static final Param FROM = Param.instant("from", "Only entries at or after this time");
  static final Param TO = Param.instant("to", "Only entries before this time");

  static final Endpoint USERS = Endpoint.of(GET, "/api/v1/users", ADMINS, "All users",
      Reply.json("Every user", Schemas.USER_LIST));
  static final Endpoint NEW_USER = Endpoint.of(POST, "/api/v1/users", ADMINS, "Create a user",
      Reply.created("The new user", Schemas.NEW_USER)).body(Schemas.USER_REQUEST).fails(Failure.CONFLICT);
  static final Endpoint DELETE_USER = Endpoint.of(DELETE, "/api/v1/users/:id", ADMINS, "Delete a user",
      Reply.noContent("Deleted")).fails(Failure.CONFLICT);
  static final Endpoint DISABLE_USER = Endpoint.of(POST, "/api/v1/users/:id/disable", ADMINS,
      "Disable a user: it cannot sign in, its sessions end and its API tokens stop working",
      Reply.noContent("Disabled")).fails(Failure.CONFLICT);
  static final Endpoint ENABLE_USER = Endpoint.of(POST, "/api/v1/users/:id/enable", ADMINS,
      "Enable a disabled user again", Reply.noContent("Enabled"));
  static final Endpoint RESET_PASSWORD = Endpoint.of(POST, "/api/v1/users/:id/password", ADMINS,
      "Set a user's password (for one who lost it); ends the user's sessions", Reply.noContent("Set"))
      .body(Schemas.PASSWORD_RESET);
  static final Endpoint AUDIT = Endpoint.of(GET, "/api/v1/audit", ADMINS, "Audit log, newest first",
      Reply.json("A page of the log", Schemas.AUDIT_PAGE)).query(OFFSET, LIMIT, ACTOR, ACTION, FROM, TO);
  static final List<Endpoint> ENDPOINTS = List.of(USERS, NEW_USER, DELETE_USER, DISABLE_USER, ENABLE_USER,
      RESET_PASSWORD, AUDIT);

  private final Vertx vertx;
  private final AuthStore store;

  UserApi(Vertx vertx, AuthStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  void register(ApiRoutes api) {
    api.route(USERS, (ctx, p) -> blocking(ctx, () -> new JsonObject().put("items", store.users())));
    api.route(NEW_USER, this::createUser);
    api.route(DELETE_USER, this::deleteUser);
    api.route(DISABLE_USER, (ctx, p) -> setDisabled(ctx, p, true));
    api.route(ENABLE_USER, (ctx, p) -> setDisabled(ctx, p, false));
    api.route(RESET_PASSWORD, this::resetPassword);
    api.route(AUDIT, this::audit);
  }

  private void createUser(RoutingContext ctx, Principal p) {
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.USER_REQUEST.fieldNames());
    String username = AuthApi.username(Input.text(body, "username", Schemas.USERNAME_MAX, true, false));
    char[] password = AuthApi.password(body, "password", AuthApi.MIN_PASSWORD);
    Role role;
    try {
      role = Role.ofCode(Input.text(body, "role", 16, true, false));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    String organisation = Input.id(body, "organisation", role == Role.CARRIER);
    if (role != Role.CARRIER && organisation != null) throw ApiError.badRequest("organisation is only for carriers");
    Set<String> sites = new LinkedHashSet<>();
    if (body.containsKey("sites")) {
      if (role != Role.MANAGER) throw ApiError.badRequest("sites are only for managers");
      JsonArray a = Input.array(body, "sites", Schemas.MAX_SITES);
      for (int i = 0; i < a.size(); i++) {
        Object v = a.getValue(i);
        if (!(v instanceof String)) throw ApiError.badRequest("sites must be strings");
        sites.add(Input.text("sites", (String) v, Schemas.TEXT_MAX, true, false));
      }
    }
    blocking(ctx, () -> {
      long id = store.createUser(username, password, role, organisation, sites);
      store.audit(p.username(), "user_created", "user", username, new JsonObject().put("role", role.code()));
      ctx.response().setStatusCode(201);
      return new JsonObject().put("id", id).put("username", username).put("role", role.code())
          .put("organisation", organisation).put("sites", new JsonArray(List.copyOf(sites)));
    });
  }

  private void deleteUser(RoutingContext ctx, Principal p) {
    long id = AuthApi.pathId(ctx);
    if (id == p.userId()) throw new ApiError(409, "own_account", "you cannot delete your own account");
    blocking(ctx, () -> {
      if (!store.deleteUser(id)) throw ApiError.notFound();
      store.audit(p.username(), "user_deleted", "user", Long.toString(id), new JsonObject());
      return null;
    });
  }

  private void setDisabled(RoutingContext ctx, Principal p, boolean disabled) {
    long id = AuthApi.pathId(ctx);
    // An administrator locking itself out could leave nobody to undo it.
    if (disabled && id == p.userId()) throw new ApiError(409, "own_account", "you cannot disable your own account");
    blocking(ctx, () -> {
      if (!store.setDisabled(id, disabled)) throw ApiError.notFound();
      store.audit(p.username(), disabled ? "user_disabled" : "user_enabled", "user", Long.toString(id),
          new JsonObject());
      return null;
    });
  }

  private void resetPassword(RoutingContext ctx, Principal p) {
    long id = AuthApi.pathId(ctx);
    JsonObject body = Input.object(ctx.body().buffer());
    Input.onlyFields(body, Schemas.PASSWORD_RESET.fieldNames());
    char[] password = AuthApi.password(body, "password", AuthApi.MIN_PASSWORD);
    blocking(ctx, () -> {
      if (!store.setPassword(id, password)) throw ApiError.notFound();
      store.audit(p.username(), "password_reset", "user", Long.toString(id), new JsonObject());
      return null;
    });
  }

  private void audit(RoutingContext ctx, Principal p) {
    int offset = OFFSET.integer(ctx);
    int limit = LIMIT.integer(ctx);
    String actor = optional(ctx, ACTOR);
    String action = optional(ctx, ACTION);
    Instant from = Input.instant(FROM.name(), ctx.request().getParam(FROM.name()), null);
    Instant to = Input.instant(TO.name(), ctx.request().getParam(TO.name()), null);
    AuditFilter filter = new AuditFilter(actor == null ? null : AuthApi.username(actor), action, from, to);
    blocking(ctx, () -> store.auditPage(filter, offset, limit));
  }

  private static String optional(RoutingContext ctx, Param param) {
    String raw = ctx.request().getParam(param.name());
    if (raw == null || raw.isBlank()) return null;
    return Input.text(param.name(), raw.strip(), Schemas.USERNAME_MAX, true, false);
  }

  private void blocking(RoutingContext ctx, AuthApi.Blocking work) {
    AuthApi.blocking(vertx, ctx, work);
  }
}
