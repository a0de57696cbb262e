package io.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit log (migration V101): who changed cameras, users and tokens and handled alerts. Rows are only
 * appended. Every method blocks on JDBC: call it from a worker, never from an event loop.
 */
public final class AuditQueries {

  /** {@code detail} is the JSON object as text. */
  public record AuditEntry(long id, Instant at, String actor, String action, String targetType, String targetId,
      String detail) {}

  /**
   * What to show of the log; a null field does not narrow it.
   *
   * @param actor  the user name, exactly
   * @param action the action's code, exactly (user_created, token_deleted…)
   * @param from   inclusive
   * @param to     exclusive
   */
  public record AuditFilter(String actor, String action, Instant from, Instant to) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);
  }

  // One statement for every combination of filters: "? IS NULL OR ..." keeps the parameters bound.
  private static final String WHERE = " WHERE (?::text IS NULL OR actor = ?) AND (?::text IS NULL OR action = ?)"
      + " AND (?::timestamptz IS NULL OR at >= ?) AND (?::timestamptz IS NULL OR at < ?)";

  private final DataSource db;

  public AuditQueries(DataSource db) {
    this.db = db;
  }

  /** @param detail a JSON object as text */
  public void append(String actor, String action, String targetType, String targetId, String detail)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO vigil_audit (actor, action, target_type, target_id, detail) VALUES (?, ?, ?, ?, ?::jsonb)")) {
      ps.setString(1, actor);
      ps.setString(2, action);
      ps.setString(3, targetType);
      ps.setString(4, targetId);
      ps.setString(5, detail);
      ps.executeUpdate();
    }
  }

  /** One page of the entries the filter keeps, newest first, with the count of all it keeps. */
  public Page<AuditEntry> page(AuditFilter f, int offset, int limit) throws SQLException {
    List<AuditEntry> items = new ArrayList<>();
    long total;
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vigil_audit" + WHERE)) {
        bind(ps, f);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, at, actor, action, target_type, target_id, detail::text FROM vigil_audit" + WHERE
              + " ORDER BY at DESC, id DESC OFFSET ? LIMIT ?")) {
        int next = bind(ps, f);
        ps.setInt(next, offset);
        ps.setInt(next + 1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(new AuditEntry(rs.getLong(1), AccountQueries.instant(rs.getTimestamp(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
          }
        }
      }
    }
    return new Page<>(items, offset, limit, total);
  }

  /** Binds the filter's eight parameters; the index of the next one. */
  private static int bind(PreparedStatement ps, AuditFilter f) throws SQLException {
    ps.setString(1, f.actor());
    ps.setString(2, f.actor());
    ps.setString(3, f.action());
    ps.setString(4, f.action());
    ps.setTimestamp(5, timestamp(f.from()));
    ps.setTimestamp(6, timestamp(f.from()));
    ps.setTimestamp(7, timestamp(f.to()));
    ps.setTimestamp(8, timestamp(f.to()));
    return 9;
  }

  private static Timestamp timestamp(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
