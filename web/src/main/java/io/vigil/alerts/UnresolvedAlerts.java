package io.vigil.alerts;

import io.vigil.store.Alert;
import io.vigil.store.AlertState;
import io.vigil.store.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Alerts an earlier run left open or acknowledged, for the engine to take over at start. */
final class UnresolvedAlerts {
  private static final int MAX = 10_000;

  private UnresolvedAlerts() {}

  /** Blocking; only the kinds the engine raises. */
  static List<Alert> load(DataSource dataSource) throws SQLException {
    return load(dataSource, null);
  }

  /** Blocking; those of one camera, or of all when {@code cameraId} is null. */
  static List<Alert> load(DataSource dataSource, String cameraId) throws SQLException {
    List<Alert> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, time, camera_id, zone_id, kind, severity, value, "
            + "threshold, state, acknowledged_by, acknowledged_at, note, snapshot_ref FROM alerts "
            + "WHERE state <> 'resolved' AND kind = ANY (?) AND (?::text IS NULL OR camera_id = ?) "
            + "ORDER BY time LIMIT " + MAX)) {
      String[] kinds = java.util.Arrays.stream(Incidents.Kind.values()).map(k -> k.code).toArray(String[]::new);
      ps.setArray(1, c.createArrayOf("text", kinds));
      ps.setString(2, cameraId);
      ps.setString(3, cameraId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Alert(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(4),
              rs.getString(5), Severity.ofCode(rs.getString(6)), rs.getDouble(7), rs.getDouble(8),
              AlertState.ofCode(rs.getString(9)), rs.getString(10), instant(rs.getTimestamp(11)), null, null,
              rs.getString(12), rs.getString(13)));
        }
      }
    }
    return out;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
