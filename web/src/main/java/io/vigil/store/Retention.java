package io.vigil.store;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Plain PostgreSQL's stand-in for TimescaleDB's retention policies: deletes rows older than the
 * configured ages, in slices so no statement holds locks for long or runs into the statement timeout.
 */
final class Retention {
  private static final System.Logger LOG = System.getLogger(Retention.class.getName());
  private static final int SLICE = 50_000;

  private final DataSource dataSource;
  private final Duration retention;
  private final Duration alertRetention;

  Retention(DataSource dataSource, StorageOptions options) {
    this.dataSource = dataSource;
    this.retention = options.retention();
    this.alertRetention = options.alertRetention();
  }

  /** Returns the rows deleted; logs instead of throwing, as it runs from a scheduler. */
  long run(Instant now) {
    try {
      long n = purge("occupancy", now.minus(retention)) + purge("camera_status", now.minus(retention))
          + purge("alerts", now.minus(alertRetention)) + purge("alert_notes", now.minus(alertRetention));
      if (n > 0) LOG.log(Level.INFO, "Retention removed " + n + " rows");
      return n;
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Retention job failed, will retry at the next run: " + e.getMessage());
      return 0;
    }
  }

  private long purge(String table, Instant before) throws SQLException {
    // The table name is one of the constants above, never input.
    String sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
        + " WHERE time < ? LIMIT " + SLICE + "))";
    long total = 0;
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, JdbcStore.utc(before));
      for (int n; (n = ps.executeUpdate()) > 0; ) total += n;
    }
    return total;
  }
}
