package io.vigil.web.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.store.AccountQueries;
import io.vigil.store.AccountQueries.Account;
import io.vigil.store.AuditQueries;
import io.vigil.store.AuditQueries.AuditEntry;
import io.vigil.store.AuditQueries.AuditFilter;
import io.vigil.store.Page;
import io.vigil.web.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Users (with their language and whether they are disabled), sessions, API tokens and the audit log, as the API and {@link Security} use them: makes and
 * checks the secrets, the tables themselves are the store's ({@link AccountQueries}). Every method
 * blocks on JDBC: call it from a worker, never from an event loop. Secrets (session ids, API tokens)
 * are kept only as SHA-256 digests; passwords only as PBKDF2 hashes.
 */
public final class AuthStore {
  /** A session ends this long after sign-in, however active. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
  /** ...or after this long without a request. */
  static final Duration SESSION_IDLE = Duration.ofHours(2);
  static final String TOKEN_PREFIX = "vgt_";
  /** The viewer's languages, as the table's check allows them. */
  public static final List<String> LANGUAGES = List.of("vi", "en");

  public record LoginRecord(long userId, String passwordHash) {}

  public record NewSession(String cookieValue, String csrfToken) {}

  public record NewToken(long id, String secret) {}

  private final AccountQueries db;
  private final AuditQueries log;
  private final SecureRandom random;
  private final PasswordHasher hasher;

  public AuthStore(DataSource db, SecureRandom random, PasswordHasher hasher) {
    this.db = new AccountQueries(db);
    this.log = new AuditQueries(db);
    this.random = random;
    this.hasher = hasher;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public long userCount() throws SQLException {
    return db.userCount();
  }

  /** Fails with a 409 {@link ApiError} when the name is taken. */
  public long createUser(String username, char[] password, Role role, String organisation, Set<String> sites)
      throws SQLException {
    Long id = db.insertUser(username, hasher.hash(password), role.code(), organisation, sites);
    if (id == null) throw new ApiError(409, "conflict", "a user with that name exists");
    return id;
  }

  /** Ends the user's sessions; false when there is no such user. */
  public boolean setPassword(long userId, char[] password) throws SQLException {
    return db.updatePassword(userId, hasher.hash(password));
  }

  /** Disabling ends the user's sessions; false when there is no such user. */
  public boolean setDisabled(long userId, boolean disabled) throws SQLException {
    return db.updateDisabled(userId, disabled);
  }

  /** @param language one of {@link #LANGUAGES} */
  public void setLanguage(long userId, String language) throws SQLException {
    if (!LANGUAGES.contains(language)) throw new IllegalArgumentException("unknown language " + language);
    db.updateLanguage(userId, language);
  }

  /** The language the user chose, or null before the first choice (the browser's then decides). */
  public String language(long userId) throws SQLException {
    Account a = db.account(userId);
    return a == null ? null : a.language();
  }

  /** Null when there is no such user. */
  public LoginRecord loginRecord(String username) throws SQLException {
    AccountQueries.Login l = db.login(username);
    return l == null ? null : new LoginRecord(l.userId(), l.passwordHash());
  }

  public NewSession createSession(long userId) throws SQLException {
    String cookie = randomToken();
    String csrf = randomToken();
    db.insertSession(sha256(cookie), userId, csrf, Instant.now().plus(SESSION_LIFETIME));
    return new NewSession(cookie, csrf);
  }

  /** The session's user, or null when the session is unknown, expired or idle too long. */
  Principal sessionPrincipal(String cookieValue) throws SQLException {
    AccountQueries.Session s = db.useSession(sha256(cookieValue), SESSION_IDLE);
    return s == null ? null : principal(s.user(), s.csrfToken());
  }

  public void deleteSession(String cookieValue) throws SQLException {
    db.deleteSession(sha256(cookieValue));
  }

  public Principal userPrincipal(long userId, String csrf) throws SQLException {
    Account a = db.account(userId);
    return a == null ? null : principal(a, csrf);
  }

  private static Principal principal(Account a, String csrf) {
    return new Principal(a.id(), a.username(), Role.ofCode(a.role()), a.organisation(), Set.copyOf(a.sites()), csrf);
  }

  public NewToken createToken(long userId, String name) throws SQLException {
    String secret = TOKEN_PREFIX + randomToken();
    return new NewToken(db.insertToken(userId, name, sha256(secret)), secret);
  }

  /** The token's user, or null for an unknown or revoked token. */
  Principal tokenPrincipal(String secret) throws SQLException {
    Account a = db.useToken(sha256(secret));
    return a == null ? null : principal(a, null);
  }

  public JsonArray tokens(long userId) throws SQLException {
    JsonArray out = new JsonArray();
    for (AccountQueries.Token t : db.tokens(userId)) {
      out.add(new JsonObject().put("id", t.id()).put("name", t.name())
          .put("createdAt", text(t.createdAt())).put("lastUsed", text(t.lastUsed())));
    }
    return out;
  }

  public boolean deleteToken(long userId, long tokenId) throws SQLException {
    return db.deleteToken(userId, tokenId);
  }

  public JsonArray users() throws SQLException {
    JsonArray out = new JsonArray();
    for (Account a : db.accounts()) {
      out.add(new JsonObject().put("id", a.id()).put("username", a.username()).put("role", a.role())
          .put("organisation", a.organisation()).put("sites", new JsonArray(a.sites()))
          .put("createdAt", text(a.createdAt())).put("language", a.language()).put("disabled", a.disabled()));
    }
    return out;
  }

  public boolean deleteUser(long userId) throws SQLException {
    return db.deleteUser(userId);
  }

  public void audit(String actor, String action, String targetType, String targetId, JsonObject detail) throws SQLException {
    log.append(actor, action, targetType, targetId, detail.encode());
  }

  /** Newest first, with the count of the entries the filter keeps. */
  public JsonObject auditPage(AuditFilter filter, int offset, int limit) throws SQLException {
    Page<AuditEntry> page = log.page(filter, offset, limit);
    JsonArray items = new JsonArray();
    for (AuditEntry e : page.items()) {
      items.add(new JsonObject().put("id", e.id()).put("at", text(e.at()))
          .put("actor", e.actor()).put("action", e.action()).put("targetType", e.targetType())
          .put("targetId", e.targetId()).put("detail", new JsonObject(e.detail())));
    }
    return new JsonObject().put("items", items).put("offset", offset).put("limit", limit).put("total", page.total());
  }

  String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
