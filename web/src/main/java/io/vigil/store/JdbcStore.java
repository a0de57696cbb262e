package io.vigil.store;

import java.lang.System.Logger.Level;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * Every statement Vigil runs on its tables, all with bound parameters. Batches go in as arrays
 * through {@code unnest}: one statement and one round trip per batch, whatever its size.
 * Timestamps travel as ISO-8601 text so no JVM time zone can shift them.
 */
final class JdbcStore {
  private static final System.Logger UNOPENED = System.getLogger(JdbcStore.class.getName());
  private static final String RANK_NEW = "(CASE EXCLUDED.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END)";
  private static final String RANK_OLD = "(CASE a.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END)";
  private static final String SEVERITY_NEW = "(CASE EXCLUDED.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)";
  private static final String SEVERITY_OLD = "(CASE a.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)";

  static final String INSERT_OCCUPANCY =
      "INSERT INTO occupancy (time, camera_id, zone_id, people, smoothed_people) "
          + "SELECT u.t::timestamptz, u.c, u.z, u.p, u.s "
          + "FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[], ?::float4[]) AS u(t, c, z, p, s) "
          + "ON CONFLICT DO NOTHING";

  static final String UPSERT_ALERTS =
      "INSERT INTO alerts AS a (id, time, camera_id, zone_id, kind, severity, value, threshold, state, "
          + "acknowledged_by, acknowledged_at, resolved_by, resolved_at, note, snapshot_ref) "
          + "SELECT u.id::uuid, u.t::timestamptz, u.c, u.z, u.k, u.sev, u.v, u.th, u.st, "
          + "u.ab, u.aa::timestamptz, u.rb, u.ra::timestamptz, u.n, u.sn "
          + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[], "
          + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
          + "AS u(id, t, c, z, k, sev, v, th, st, ab, aa, rb, ra, n, sn) "
          // An incident only moves forward: its state (open, acknowledged, resolved), its peak value and
          // its severity (escalation) never go back, whatever order updates and spool replays arrive in.
          + "ON CONFLICT (id, time) DO UPDATE SET "
          + "state = CASE WHEN " + RANK_NEW + " > " + RANK_OLD + " THEN EXCLUDED.state ELSE a.state END, "
          + "value = GREATEST(a.value, EXCLUDED.value), "
          + "severity = CASE WHEN " + SEVERITY_NEW + " > " + SEVERITY_OLD + " THEN EXCLUDED.severity ELSE a.severity END, "
          + "acknowledged_by = COALESCE(a.acknowledged_by, EXCLUDED.acknowledged_by), "
          + "acknowledged_at = COALESCE(a.acknowledged_at, EXCLUDED.acknowledged_at), "
          + "resolved_by = COALESCE(a.resolved_by, EXCLUDED.resolved_by), "
          + "resolved_at = COALESCE(a.resolved_at, EXCLUDED.resolved_at), "
          + "note = CASE WHEN " + RANK_NEW + " > " + RANK_OLD + " THEN COALESCE(EXCLUDED.note, a.note) ELSE a.note END, "
          + "snapshot_ref = COALESCE(a.snapshot_ref, EXCLUDED.snapshot_ref) "
          + "WHERE " + RANK_NEW + " > " + RANK_OLD + " OR EXCLUDED.value > a.value OR " + SEVERITY_NEW + " > " + SEVERITY_OLD;

  static final String INSERT_STATUS =
      "INSERT INTO camera_status (time, camera_id, status, detail) "
          + "SELECT u.t::timestamptz, u.c, u.s, u.d FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(t, c, s, d) "
          + "ON CONFLICT DO NOTHING";

  private static final String ALERT_COLUMNS = "id, time, camera_id, zone_id, kind, severity, value, threshold, state, "
      + "acknowledged_by, acknowledged_at, resolved_by, resolved_at, note, snapshot_ref";

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

  static void upsertAlerts(Connection c, List<Alert> batch) throws SQLException {
    List<Alert> rows = mergeSameAlert(batch);
    int n = rows.size();
    String[][] text = new String[13][n];
    Double[] value = new Double[n], threshold = new Double[n];
    for (int i = 0; i < n; i++) {
      Alert a = rows.get(i);
      text[0][i] = a.id().toString();
      text[1][i] = a.time().toString();
      text[2][i] = a.cameraId();
      text[3][i] = a.zoneId();
      text[4][i] = a.kind();
      text[5][i] = a.severity().code();
      value[i] = a.value();
      threshold[i] = a.threshold();
      text[6][i] = a.state().code();
      text[7][i] = a.acknowledgedBy();
      text[8][i] = a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString();
      text[9][i] = a.resolvedBy();
      text[10][i] = a.resolvedAt() == null ? null : a.resolvedAt().toString();
      text[11][i] = a.note();
      text[12][i] = a.snapshotRef();
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_ALERTS)) {
      int p = 1;
      for (int k = 0; k < 6; k++) ps.setArray(p++, c.createArrayOf("text", text[k]));
      ps.setArray(p++, c.createArrayOf("float8", value));
      ps.setArray(p++, c.createArrayOf("float8", threshold));
      for (int k = 6; k < 13; k++) ps.setArray(p++, c.createArrayOf("text", text[k]));
      ps.executeUpdate();
    }
  }

  /**
   * One row per alert: a statement may not update the same row twice, and a batch can hold an
   * alert's raise and its later states. The most advanced state wins; who and when of earlier ones
   * are kept, and so are the highest value and severity.
   */
  static List<Alert> mergeSameAlert(List<Alert> batch) {
    Map<String, Alert> byKey = new LinkedHashMap<>();
    for (Alert a : batch) byKey.merge(a.id() + "@" + a.time(), a, JdbcStore::later);
    return byKey.size() == batch.size() ? batch : new ArrayList<>(byKey.values());
  }

  private static Alert later(Alert old, Alert neu) {
    Alert win = neu.state().compareTo(old.state()) >= 0 ? neu : old;
    Alert other = win == neu ? old : neu;
    String ackBy = win.acknowledgedBy() != null ? win.acknowledgedBy() : other.acknowledgedBy();
    Instant ackAt = win.acknowledgedAt() != null ? win.acknowledgedAt() : other.acknowledgedAt();
    boolean acked = win.state() != AlertState.OPEN;
    // Peak and severity only rise, as in the upsert.
    return new Alert(win.id(), win.time(), win.cameraId(), win.zoneId(), win.kind(),
        win.severity().compareTo(other.severity()) >= 0 ? win.severity() : other.severity(),
        Math.max(win.value(), other.value()),
        win.threshold(), win.state(), acked ? ackBy : null, acked ? ackAt : null, win.resolvedBy(), win.resolvedAt(),
        win.note() != null ? win.note() : other.note(), win.snapshotRef() != null ? win.snapshotRef() : other.snapshotRef());
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

  static Page<Alert> alerts(Connection c, AlertQuery q) throws SQLException {
    String sql = "SELECT " + ALERT_COLUMNS + ", count(*) OVER () AS total FROM alerts "
        + "WHERE time >= ? AND time < ? AND (?::text[] IS NULL OR camera_id = ANY(?)) "
        + "AND (?::text IS NULL OR zone_id = ?) AND (?::text IS NULL OR state = ?) ORDER BY time DESC, id DESC OFFSET ? LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, utc(q.from()));
      ps.setObject(2, utc(q.to()));
      Array cams = q.cameraIds() == null ? null : c.createArrayOf("text", q.cameraIds().toArray());
      ps.setArray(3, cams);
      ps.setArray(4, cams);
      ps.setString(5, q.zoneId());
      ps.setString(6, q.zoneId());
      String state = q.state() == null ? null : q.state().code();
      ps.setString(7, state);
      ps.setString(8, state);
      ps.setInt(9, q.offset());
      ps.setInt(10, q.limit());
      List<Alert> items = new ArrayList<>();
      long total = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(alert(rs));
          total = rs.getLong("total");
        }
      }
      if (items.isEmpty() && q.offset() > 0) total = countAlerts(c, q);
      return new Page<>(items, q.offset(), q.limit(), total);
    }
  }

  private static long countAlerts(Connection c, AlertQuery q) throws SQLException {
    return alerts(c, q.page(0, 1)).total();
  }

  static Optional<Alert> alert(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = ? LIMIT 1")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
      }
    }
  }

  static Alert acknowledge(Connection c, UUID id, String by, String note, Instant at) throws SQLException {
    return transition(c, "UPDATE alerts SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, "
        + "note = COALESCE(?, note) WHERE id = ? AND state = 'open' RETURNING " + ALERT_COLUMNS, id, by, note, at);
  }

  static Alert resolve(Connection c, UUID id, String by, String note, Instant at) throws SQLException {
    return transition(c, "UPDATE alerts SET state = 'resolved', resolved_by = ?, resolved_at = ?, "
        + "note = COALESCE(?, note) WHERE id = ? AND state <> 'resolved' RETURNING " + ALERT_COLUMNS, id, by, note, at);
  }

  private static Alert transition(Connection c, String sql, UUID id, String by, String note, Instant at)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, by);
      ps.setObject(2, utc(at));
      ps.setString(3, note);
      ps.setObject(4, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) return alert(rs);
      }
    }
    return alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id));
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

  private static Alert alert(ResultSet rs) throws SQLException {
    return new Alert(rs.getObject("id", UUID.class), instant(rs, "time"), rs.getString("camera_id"),
        rs.getString("zone_id"), rs.getString("kind"), Severity.ofCode(rs.getString("severity")), rs.getDouble("value"),
        rs.getDouble("threshold"), AlertState.ofCode(rs.getString("state")), rs.getString("acknowledged_by"),
        instant(rs, "acknowledged_at"), rs.getString("resolved_by"), instant(rs, "resolved_at"), rs.getString("note"),
        rs.getString("snapshot_ref"));
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
