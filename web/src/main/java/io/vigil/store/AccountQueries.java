package io.vigil.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The web module's account tables (migrations V100 and up): users, sessions and API tokens (the audit log is
 * {@link AuditQueries}). Only
 * digests of secrets and password hashes come in; making and checking them is the caller's. Every
 * method blocks on JDBC: call it from a worker, never from an event loop.
 */
public final class AccountQueries {

  /**
   * A user; {@code role} is the role's code, {@code sites} as stored (sorted), never null;
   * {@code language} the one chosen in the viewer ("vi", "en"), null until the user chooses.
   */
  public record Account(long id, String username, String role, String organisation, List<String> sites,
      Instant createdAt, String language, boolean disabled) {
    public Account {
      sites = List.copyOf(sites);
    }
  }

  public record Login(long userId, String passwordHash) {}

  /** A live session: its user and the anti-forgery token issued with it. */
  public record Session(Account user, String csrfToken) {}

  public record Token(long id, String name, Instant createdAt, Instant lastUsed) {}

  private final DataSource db;

  public AccountQueries(DataSource db) {
    this.db = db;
  }

  public long userCount() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vigil_user");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The new user's id, or null when the name is taken. */
  public Long insertUser(String username, String passwordHash, String role, String organisation, Set<String> sites)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO vigil_user (username, password_hash, role, organisation, sites) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (username) DO NOTHING RETURNING id")) {
      ps.setString(1, username);
      ps.setString(2, passwordHash);
      ps.setString(3, role);
      ps.setString(4, organisation);
      ps.setArray(5, c.createArrayOf("text", sites.stream().sorted().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /**
   * Also ends every session of the user: they may belong to whoever knew the old password. False when
   * there is no such user.
   */
  public boolean updatePassword(long userId, String passwordHash) throws SQLException {
    try (Connection c = db.getConnection()) {
      boolean found;
      try (PreparedStatement ps = c.prepareStatement("UPDATE vigil_user SET password_hash = ? WHERE id = ?")) {
        ps.setString(1, passwordHash);
        ps.setLong(2, userId);
        found = ps.executeUpdate() == 1;
      }
      endSessions(c, userId);
      return found;
    }
  }

  /** A disabled user cannot sign in and its sessions end; its tokens stop working until it is enabled. */
  public boolean updateDisabled(long userId, boolean disabled) throws SQLException {
    try (Connection c = db.getConnection()) {
      boolean found;
      try (PreparedStatement ps = c.prepareStatement("UPDATE vigil_user SET disabled = ? WHERE id = ?")) {
        ps.setBoolean(1, disabled);
        ps.setLong(2, userId);
        found = ps.executeUpdate() == 1;
      }
      if (disabled) endSessions(c, userId);
      return found;
    }
  }

  /** @param language "vi" or "en" (the table refuses others) */
  public void updateLanguage(long userId, String language) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE vigil_user SET language = ? WHERE id = ?")) {
      ps.setString(1, language);
      ps.setLong(2, userId);
      ps.executeUpdate();
    }
  }

  private static void endSessions(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_session WHERE user_id = ?")) {
      ps.setLong(1, userId);
      ps.executeUpdate();
    }
  }

  /** Null when there is no such user or it is disabled. */
  public Login login(String username) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, password_hash FROM vigil_user WHERE username = ? AND NOT disabled")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Login(rs.getLong(1), rs.getString(2)) : null;
      }
    }
  }

  /** Stores a new session, first dropping the expired ones. */
  public void insertSession(byte[] idHash, long userId, String csrfToken, Instant expiresAt) throws SQLException {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_session WHERE expires_at < now()")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO vigil_session (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)")) {
        ps.setBytes(1, idHash);
        ps.setLong(2, userId);
        ps.setString(3, csrfToken);
        ps.setTimestamp(4, Timestamp.from(expiresAt));
        ps.executeUpdate();
      }
    }
  }

  /**
   * Marks the session used now and returns it, or null when it is unknown, expired or was idle longer
   * than {@code idle}.
   */
  public Session useSession(byte[] idHash, Duration idle) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE vigil_session SET last_seen = now() WHERE id_hash = ? AND expires_at > now() "
                + "AND last_seen > now() - make_interval(secs => ?) RETURNING user_id, csrf_token")) {
      ps.setBytes(1, idHash);
      ps.setLong(2, idle.getSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        Account user = account(c, rs.getLong(1));
        return user == null ? null : new Session(user, rs.getString(2));
      }
    }
  }

  public void deleteSession(byte[] idHash) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM vigil_session WHERE id_hash = ?")) {
      ps.setBytes(1, idHash);
      ps.executeUpdate();
    }
  }

  /** Null when there is no such user or it is disabled. */
  public Account account(long userId) throws SQLException {
    try (Connection c = db.getConnection()) {
      return account(c, userId);
    }
  }

  private static Account account(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT username, role, organisation, sites, created_at, language FROM vigil_user "
            + "WHERE id = ? AND NOT disabled")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        return new Account(userId, rs.getString(1), rs.getString(2), rs.getString(3), List.of(textArray(rs.getArray(4))),
            instant(rs.getTimestamp(5)), rs.getString(6), false);
      }
    }
  }

  /** The new token's id. */
  public long insertToken(long userId, String name, byte[] tokenHash) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO vigil_api_token (user_id, name, token_hash) VALUES (?, ?, ?) RETURNING id")) {
      ps.setLong(1, userId);
      ps.setString(2, name);
      ps.setBytes(3, tokenHash);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Marks the token used now and returns its user, or null for an unknown or revoked token. */
  public Account useToken(byte[] tokenHash) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE vigil_api_token SET last_used = now() WHERE token_hash = ? RETURNING user_id")) {
      ps.setBytes(1, tokenHash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? account(c, rs.getLong(1)) : null;
      }
    }
  }

  public List<Token> tokens(long userId) throws SQLException {
    List<Token> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, created_at, last_used FROM vigil_api_token WHERE user_id = ? ORDER BY id")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Token(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))));
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

  /** Every user, by id. */
  public List<Account> accounts() throws SQLException {
    List<Account> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, username, role, organisation, sites, created_at, language, disabled FROM vigil_user ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Account(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            List.of(textArray(rs.getArray(5))), instant(rs.getTimestamp(6)), rs.getString(7), rs.getBoolean(8)));
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

  static String[] textArray(Array a) throws SQLException {
    return a == null ? new String[0] : (String[]) a.getArray();
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
