package io.vigil.store;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement Vigil runs on its tables, all with bound parameters. Batches go in as arrays
 * through {@code unnest}: one statement and one round trip per batch, whatever its size.
 * Timestamps travel as ISO-8601 text so no JVM time zone can shift them.
 */
final class JdbcStore {
  private static final System.Logger UNOPENED = System.getLogger(JdbcStore.class.getName());
  static final String INSERT_OCCUPANCY =
      "INSERT INTO occupancy (time, camera_id, zone_id, people, smoothed_people) "
          + "SELECT u.t::timestamptz, u.c, u.z, u.p, u.s "
          + "FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[], ?::float4[]) AS u(t, c, z, p, s) "
          + "ON CONFLICT DO NOTHING";

  static final String INSERT_STATUS =
      "INSERT INTO camera_status (time, camera_id, status, detail) "
          + "SELECT u.t::timestamptz, u.c, u.s, u.d FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(t, c, s, d) "
          + "ON CONFLICT DO NOTHING";

  private JdbcStore() {}

  static void insertOccupancy(Connection c, List<OccupancySample> rows) throws SQLException {
    int n = rows.size();
    String[] t = new String[n], cam = new String[n], zone = new String[n];
    Integer[] people = new Integer[n];
    Float[] smoothed = new Float[n];
    for (int i = 0; i < n; i++) {
      OccupancySample s = rows.get(i);
      t[i] = s.time().toString();
      cam[i] = s.cameraId();
      zone[i] = s.zoneId();
      people[i] = s.people();
      smoothed[i] = (float) s.smoothedPeople();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_OCCUPANCY)) {
      ps.setArray(1, c.createArrayOf("text", t));
      ps.setArray(2, c.createArrayOf("text", cam));
      ps.setArray(3, c.createArrayOf("text", zone));
      ps.setArray(4, c.createArrayOf("int4", people));
      ps.setArray(5, c.createArrayOf("float4", smoothed));
      ps.executeUpdate();
    }
  }

  static void insertStatus(Connection c, List<CameraStatusChange> rows) throws SQLException {
    int n = rows.size();
    String[] t = new String[n], cam = new String[n], status = new String[n], detail = new String[n];
    for (int i = 0; i < n; i++) {
      CameraStatusChange s = rows.get(i);
      t[i] = s.time().toString();
      cam[i] = s.cameraId();
      status[i] = s.status();
      detail[i] = s.detail();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_STATUS)) {
      ps.setArray(1, c.createArrayOf("text", t));
      ps.setArray(2, c.createArrayOf("text", cam));
      ps.setArray(3, c.createArrayOf("text", status));
      ps.setArray(4, c.createArrayOf("text", detail));
      ps.executeUpdate();
    }
  }

  static List<OccupancyPoint> occupancy(Connection c, OccupancyQuery q, StoragePath path) throws SQLException {
    String sql = "SELECT date_bin(? * INTERVAL '1 second', src.t, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS b, "
        + "src.zone_id, max(src.max_people) AS max_people, sum(src.sum_people)::float8 / sum(src.samples) AS mean_people, "
        + "sum(src.samples) AS samples FROM (" + occupancySource(q.bucket(), path) + ") src "
        + "WHERE src.camera_id = ? AND (?::text IS NULL OR src.zone_id = ?) AND src.t >= ? AND src.t < ? "
        + "GROUP BY b, src.zone_id ORDER BY src.zone_id, b";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, q.bucket().getSeconds());
      ps.setString(2, q.cameraId());
      ps.setString(3, q.zoneId());
      ps.setString(4, q.zoneId());
      ps.setObject(5, utc(q.from()));
      ps.setObject(6, utc(q.to()));
      List<OccupancyPoint> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new OccupancyPoint(instant(rs, "b"), q.cameraId(), rs.getString("zone_id"), rs.getInt("max_people"),
              rs.getDouble("mean_people"), rs.getLong("samples")));
        }
      }
      return out;
    }
  }

  /**
   * The rows a series is built from: on TimescaleDB the coarsest continuous aggregate whose buckets
   * divide the requested one, otherwise the raw samples. Every source has the same columns, so one
   * outer query serves all.
   */
  static String occupancySource(Duration bucket, StoragePath path) {
    long s = bucket.getSeconds();
    if (path == StoragePath.TIMESCALE && s % 3600 == 0) {
      return "SELECT bucket AS t, camera_id, zone_id, max_people, sum_people, samples FROM occupancy_1h";
    }
    if (path == StoragePath.TIMESCALE && s % 60 == 0) {
      return "SELECT bucket AS t, camera_id, zone_id, max_people, sum_people, samples FROM occupancy_1m";
    }
    return "SELECT time AS t, camera_id, zone_id, people AS max_people, people::bigint AS sum_people, "
        + "1::bigint AS samples FROM occupancy";
  }

  static List<OccupancySample> currentCounts(Connection c, Instant since) throws SQLException {
    String sql = "SELECT DISTINCT ON (camera_id, zone_id) time, camera_id, zone_id, people, smoothed_people "
        + "FROM occupancy WHERE time >= ? ORDER BY camera_id, zone_id, time DESC";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, utc(since));
      List<OccupancySample> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new OccupancySample(instant(rs, "time"), rs.getString("camera_id"), rs.getString("zone_id"),
              rs.getInt("people"), rs.getDouble("smoothed_people")));
        }
      }
      return out;
    }
  }

  static List<CameraStatusChange> cameraStatus(Connection c, String cameraId, Instant from, Instant to, int limit)
      throws SQLException {
    String sql = "SELECT time, camera_id, status, detail FROM camera_status WHERE camera_id = ? AND time >= ? "
        + "AND time < ? ORDER BY time DESC LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, cameraId);
      ps.setObject(2, utc(from));
      ps.setObject(3, utc(to));
      ps.setInt(4, limit);
      List<CameraStatusChange> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CameraStatusChange(instant(rs, "time"), rs.getString("camera_id"), rs.getString("status"),
              rs.getString("detail")));
        }
      }
      return out;
    }
  }

  /** The password goes in sealed by {@code box}, bound to the camera's id. */
  static void registerCamera(Connection c, RegisteredCamera cam, SecretBox box) throws SQLException {
    String sql = "INSERT INTO cameras (id, config, password, password_sealed, registered_at, updated_at) "
        + "VALUES (?, ?::jsonb, NULL, ?, ?, now()) "
        + "ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, password = NULL, "
        + "password_sealed = EXCLUDED.password_sealed, updated_at = now()";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, cam.id());
      ps.setString(2, cam.config());
      ps.setString(3, cam.password() == null ? null : box.seal(cam.password(), cam.id()));
      ps.setObject(4, utc(cam.registeredAt()));
      ps.executeUpdate();
    }
  }

  static boolean removeCamera(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM cameras WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Passwords come out opened by {@code box}; one that does not open (sealed by a key this node lacks) comes
   * out null, so that the camera still starts and reports the camera's refusal.
   */
  static List<RegisteredCamera> registeredCameras(Connection c, SecretBox box) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, config::text AS config, password_sealed, registered_at FROM cameras ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<RegisteredCamera> out = new ArrayList<>();
      while (rs.next()) {
        String id = rs.getString("id");
        String sealed = rs.getString("password_sealed");
        String password = null;
        if (sealed != null) {
          try {
            password = box.open(sealed, id);
          } catch (SecretBox.SecretUnavailableException e) {
            UNOPENED.log(Level.WARNING, "Camera " + id + ": its stored password " + e.getMessage() + "; it connects without one");
          }
        }
        out.add(new RegisteredCamera(id, rs.getString("config"), password, instant(rs, "registered_at")));
      }
      return out;
    }
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
