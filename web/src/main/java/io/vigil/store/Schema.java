package io.vigil.store;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Chooses the storage path, migrates the schema and applies the policies. The path is chosen once:
 * a database already migrated keeps the path recorded in {@code vigil_settings}, so a TimescaleDB
 * installed later never half-converts existing tables.
 */
final class Schema {
  private static final System.Logger LOG = System.getLogger(Schema.class.getName());

  /** Days and seconds, so policies read back as "7 days" rather than "168:00:00". */
  private static final String INTERVAL = "make_interval(days => ?::int, secs => ?::double precision)";

  private Schema() {}

  /** What the database offers, read before anything is changed. */
  record Probe(String serverVersion, String recordedPath, boolean timescaleInstalled, String timescaleAvailable) {}

  static Probe probe(Connection c) throws SQLException {
    String version = queryString(c, "SHOW server_version", null);
    String recorded = null;
    if (queryString(c, "SELECT to_regclass('vigil_settings')::text", null) != null) {
      recorded = queryString(c, "SELECT value FROM vigil_settings WHERE key = ?", "storage_path");
    }
    boolean installed = queryString(c, "SELECT extversion FROM pg_extension WHERE extname = ?", "timescaledb") != null;
    String available = queryString(c, "SELECT default_version FROM pg_available_extensions WHERE name = ?",
        "timescaledb");
    return new Probe(version, recorded, installed, available);
  }

  /** Picks the path, installing the extension when the server offers it and the database is new. */
  static StoragePath choose(Connection c, Probe p) throws SQLException {
    if (p.recordedPath() != null) {
      StoragePath path = StoragePath.valueOf(p.recordedPath().toUpperCase(Locale.ROOT));
      if (path == StoragePath.TIMESCALE && !p.timescaleInstalled()) {
        throw new IllegalStateException("this database was set up for TimescaleDB but the timescaledb extension is "
            + "not installed in it any more");
      }
      return path;
    }
    if (p.timescaleInstalled()) return StoragePath.TIMESCALE;
    if (p.timescaleAvailable() == null) return StoragePath.POSTGRES;
    try (Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
      return StoragePath.TIMESCALE;
    } catch (SQLException e) {
      // Typically not in shared_preload_libraries, or a user who may not create extensions.
      LOG.log(Level.WARNING, "TimescaleDB " + p.timescaleAvailable() + " is available but could not be enabled ("
          + e.getMessage() + "), using plain PostgreSQL");
      return StoragePath.POSTGRES;
    }
  }

  static StoragePath migrate(DataSource migrationSource, StorageOptions options) throws SQLException {
    StoragePath path;
    Probe probe;
    try (Connection c = migrationSource.getConnection()) {
      probe = probe(c);
      path = choose(c, probe);
    }
    Flyway.configure()
        .dataSource(migrationSource)
        // A session lock instead of one held in a transaction: the TimescaleDB migration runs outside
        // a transaction, and Flyway then needs a single connection, which is all some servers offer.
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
        .locations("classpath:db/migration/common", "classpath:db/migration/" + path.name().toLowerCase(Locale.ROOT))
        .load()
        .migrate();
    try (Connection c = migrationSource.getConnection()) {
      if (path == StoragePath.TIMESCALE) {
        applyTimescalePolicies(c, options);
        LOG.log(Level.INFO, "Storage path: TimescaleDB "
            + (queryString(c, "SELECT extversion FROM pg_extension WHERE extname = ?", "timescaledb"))
            + " on PostgreSQL " + probe.serverVersion()
            + " (hypertables, continuous aggregates per minute and hour, compression after "
            + options.compressAfter() + ", retention " + options.retention() + " for occupancy and status, "
            + options.alertRetention() + " for alerts)");
      } else {
        LOG.log(Level.INFO, "Storage path: plain PostgreSQL " + probe.serverVersion() + " ("
            + (probe.timescaleAvailable() == null ? "no TimescaleDB on this server" : "TimescaleDB not enabled")
            + "; date_bin queries over raw rows, retention job every " + options.retentionCheckInterval()
            + " keeping " + options.retention() + " of occupancy and status, " + options.alertRetention()
            + " of alerts)");
      }
    }
    return path;
  }

  /** Replaces the policies at each start, so a changed configuration takes effect. */
  static void applyTimescalePolicies(Connection c, StorageOptions o) throws SQLException {
    for (String table : new String[] {"occupancy", "camera_status"}) {
      call(c, "SELECT remove_compression_policy(?::regclass, if_exists => true)", table);
      call(c, "SELECT add_compression_policy(?::regclass, compress_after => " + INTERVAL + ")", table,
          o.compressAfter());
    }
    retention(c, "occupancy", o.retention());
    retention(c, "camera_status", o.retention());
    retention(c, "occupancy_1m", o.retention());
    retention(c, "occupancy_1h", o.alertRetention());
    retention(c, "alerts", o.alertRetention());
  }

  private static void retention(Connection c, String relation, Duration keep) throws SQLException {
    call(c, "SELECT remove_retention_policy(?::regclass, if_exists => true)", relation);
    call(c, "SELECT add_retention_policy(?::regclass, drop_after => " + INTERVAL + ")", relation, keep);
  }

  private static void call(Connection c, String sql, String relation, Duration... interval) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, relation);
      if (interval.length > 0) {
        ps.setLong(2, interval[0].toDays());
        ps.setLong(3, interval[0].minusDays(interval[0].toDays()).getSeconds());
      }
      ps.execute();
    }
  }

  private static String queryString(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (param != null) ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
