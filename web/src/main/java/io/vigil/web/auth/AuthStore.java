package io.vigil.web.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.web.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Users, sessions, API tokens and the audit log in PostgreSQL. Every method blocks on JDBC: call it
 * from a worker, never from an event loop. Secrets (session ids, API tokens) are kept only as SHA-256
 * digests; passwords only as PBKDF2 hashes.
 */
public final class AuthStore {
  /** A session ends this long after sign-in, however active. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
  /** ...or after this long without a request. */
  static final Duration SESSION_IDLE = Duration.ofHours(2);
  static final String TOKEN_PREFIX = "vgt_";

  public record LoginRecord(long userId, String passwordHash) {}

  public record NewSession(String cookieValue, String csrfToken) {}

  public record NewToken(long id, String secret) {}

  private final DataSource db;
  private final SecureRandom random;
  private final PasswordHasher hasher;

  public AuthStore(DataSource db, SecureRandom random, PasswordHasher hasher) {
    this.db = db;
    this.random = random;
    this.hasher = hasher;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public long userCount() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vigil_user");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Fails with a 409 {@link ApiError} when the name is taken. */
  public long createUser(String username, char[] password, Role role, String organisation, Set<String> sites)
      throws SQLException {
    String hash = hasher.hash(password);
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO vigil_user (username, password_hash, role, organisation, sites) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (username) DO NOTHING RETURNING id")) {
      ps.setString(1, username);
      ps.setString(2, hash);
      ps.setString(3, role.code());
      ps.setString(4, organisation);
      ps.setArray(5, c.createArrayOf("text", sites.stream().sorted().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new ApiError(409, "conflict", "a user with that name exists");
        return rs.getLong(1);
      }
    }
  }

  public void setPassword(long userId, char[] password) throws SQLException {
    String hash = hasher.hash(password);
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE vigil_user SET password_hash = ? WHERE id = ?")) {
        ps.setString(1, hash);
        ps.setLong(2, userId);
        ps.executeUpdate();
      }
      // Other sessions may belong to whoever knew the old password.
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_session WHERE user_id = ?")) {
        ps.setLong(1, userId);
        ps.executeUpdate();
      }
    }
  }

  /** Null when there is no such user. */
  public LoginRecord loginRecord(String username) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, password_hash FROM vigil_user WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new LoginRecord(rs.getLong(1), rs.getString(2)) : null;
      }
    }
  }

  public NewSession createSession(long userId) throws SQLException {
    String cookie = randomToken();
    String csrf = randomToken();
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_session WHERE expires_at < now()")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO vigil_session (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)")) {
        ps.setBytes(1, sha256(cookie));
        ps.setLong(2, userId);
        ps.setString(3, csrf);
        ps.setTimestamp(4, Timestamp.from(Instant.now().plus(SESSION_LIFETIME)));
        ps.executeUpdate();
      }
    }
    return new NewSession(cookie, csrf);
  }

  /** The session's user, or null when the session is unknown, expired or idle too long. */
  Principal sessionPrincipal(String cookieValue) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE vigil_session SET last_seen = now() WHERE id_hash = ? AND expires_at > now() "
                + "AND last_seen > now() - make_interval(secs => ?) RETURNING user_id, csrf_token")) {
      ps.setBytes(1, sha256(cookieValue));
      ps.setLong(2, SESSION_IDLE.getSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        return principal(c, rs.getLong(1), rs.getString(2));
      }
    }
  }

  public void deleteSession(String cookieValue) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_session WHERE id_hash = ?")) {
      ps.setBytes(1, sha256(cookieValue));
      ps.executeUpdate();
    }
  }

  public Principal userPrincipal(long userId, String csrf) throws SQLException {
    try (Connection c = db.getConnection()) {
      return principal(c, userId, csrf);
    }
  }

  private static Principal principal(Connection c, long userId, String csrf) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT username, role, organisation, sites FROM vigil_user WHERE id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        return new Principal(userId, rs.getString(1), Role.ofCode(rs.getString(2)), rs.getString(3),
            Set.of(textArray(rs.getArray(4))), csrf);
      }
    }
  }

  public NewToken createToken(long userId, String name) throws SQLException {
    String secret = TOKEN_PREFIX + randomToken();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO vigil_api_token (user_id, name, token_hash) VALUES (?, ?, ?) RETURNING id")) {
      ps.setLong(1, userId);
      ps.setString(2, name);
      ps.setBytes(3, sha256(secret));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new NewToken(rs.getLong(1), secret);
      }
    }
  }

  /** The token's user, or null for an unknown or revoked token. */
  Principal tokenPrincipal(String secret) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE vigil_api_token SET last_used = now() WHERE token_hash = ? RETURNING user_id")) {
      ps.setBytes(1, sha256(secret));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? principal(c, rs.getLong(1), null) : null;
      }
    }
  }

  public JsonArray tokens(long userId) throws SQLException {
    JsonArray out = new JsonArray();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, created_at, last_used FROM vigil_api_token WHERE user_id = ? ORDER BY id")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2))
              .put("createdAt", instant(rs.getTimestamp(3))).put("lastUsed", instant(rs.getTimestamp(4))));
        }
      }
    }
    return out;
  }

  public boolean deleteToken(long userId, long tokenId) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_api_token WHERE id = ? AND user_id = ?")) {
      ps.setLong(1, tokenId);
      ps.setLong(2, userId);
      return ps.executeUpdate() == 1;
    }
  }

  public JsonArray users() throws SQLException {
    JsonArray out = new JsonArray();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, username, role, organisation, sites, created_at FROM vigil_user ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new JsonObject().put("id", rs.getLong(1)).put("username", rs.getString(2)).put("role", rs.getString(3))
            .put("organisation", rs.getString(4)).put("sites", new JsonArray(Arrays.asList(textArray(rs.getArray(5)))))
            .put("createdAt", instant(rs.getTimestamp(6))));
      }
    }
    return out;
  }

  public boolean deleteUser(long userId) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_user WHERE id = ?")) {
      ps.setLong(1, userId);
      return ps.executeUpdate() == 1;
    }
  }

  public void audit(String actor, String action, String targetType, String targetId, JsonObject detail) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO vigil_audit (actor, action, target_type, target_id, detail) VALUES (?, ?, ?, ?, ?::jsonb)")) {
      ps.setString(1, actor);
      ps.setString(2, action);
      ps.setString(3, targetType);
      ps.setString(4, targetId);
      ps.setString(5, detail.encode());
      ps.executeUpdate();
    }
  }

  /** Newest first, with the total count of entries. */
  public JsonObject auditPage(int offset, int limit) throws SQLException {
    JsonArray items = new JsonArray();
    long total;
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vigil_audit");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, at, actor, action, target_type, target_id, detail::text FROM vigil_audit "
              + "ORDER BY at DESC, id DESC OFFSET ? LIMIT ?")) {
        ps.setInt(1, offset);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(new JsonObject().put("id", rs.getLong(1)).put("at", instant(rs.getTimestamp(2)))
                .put("actor", rs.getString(3)).put("action", rs.getString(4)).put("targetType", rs.getString(5))
                .put("targetId", rs.getString(6)).put("detail", new JsonObject(rs.getString(7))));
          }
        }
      }
    }
    return new JsonObject().put("items", items).put("offset", offset).put("limit", limit).put("total", total);
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

  private static String[] textArray(Array a) throws SQLException {
    return a == null ? new String[0] : (String[]) a.getArray();
  }

  private static String instant(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}
