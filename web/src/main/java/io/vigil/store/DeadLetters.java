package io.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The dead-letter table (migration V200): webhook deliveries that failed every attempt. Every call runs
 * on a worker, never on the caller's event loop.
 */
public final class DeadLetters {
  private final Vertx vertx;
  private final DataSource dataSource;

  public DeadLetters(Vertx vertx, DataSource dataSource) {
    this.vertx = vertx;
    this.dataSource = dataSource;
  }

  public Future<Void> add(String site, String url, UUID alertId, String event, int attempts, String lastError, String payload) {
    return vertx.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement("INSERT INTO alert_dead_letter (site, url, alert_id, event, attempts, "
              + "last_error, payload) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
        ps.setString(1, site);
        ps.setString(2, url);
        ps.setObject(3, alertId);
        ps.setString(4, event);
        ps.setInt(5, attempts);
        ps.setString(6, lastError);
        ps.setString(7, payload);
        ps.executeUpdate();
      }
      return null;
    }, false);
  }

  /** The newest first, at most {@code limit} (1-1000). */
  public Future<List<DeadLetter>> list(int limit) {
    if (limit < 1 || limit > 1000) return Future.failedFuture(new IllegalArgumentException("limit must be 1-1000"));
    return vertx.executeBlocking(() -> {
      List<DeadLetter> out = new ArrayList<>();
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT id, failed_at, site, url, alert_id, event, attempts, "
              + "last_error, payload::text FROM alert_dead_letter ORDER BY failed_at DESC, id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(row(rs));
        }
      }
      return out;
    }, false);
  }

  private static DeadLetter row(ResultSet rs) throws SQLException {
    return new DeadLetter(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
        rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9));
  }
}
