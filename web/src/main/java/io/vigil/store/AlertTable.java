package io.vigil.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every statement on the alerts and their notes ({@code alert_notes}, migration V320), with bound
 * parameters only. An alert's notes are only ever inserted: nothing here updates or deletes one. Called
 * on the writer's thread or a query worker, with a connection of the caller's.
 */
final class AlertTable {
  private static final String RANK_NEW = "(CASE EXCLUDED.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END)";
  private static final String RANK_OLD = "(CASE a.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END)";
  private static final String SEVERITY_NEW = "(CASE EXCLUDED.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)";
  private static final String SEVERITY_OLD = "(CASE a.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)";

  static final String UPSERT_ALERTS =
      "INSERT INTO alerts AS a (id, time, camera_id, zone_id, kind, severity, value, threshold, state, "
          + "acknowledged_by, acknowledged_at, resolved_by, resolved_at, snapshot_ref, breach_start, breach_end, "
          + "escalated_at) "
          + "SELECT u.id::uuid, u.t::timestamptz, u.c, u.z, u.k, u.sev, u.v, u.th, u.st, "
          + "u.ab, u.aa::timestamptz, u.rb, u.ra::timestamptz, u.sn, u.bs::timestamptz, u.be::timestamptz, "
          + "u.ea::timestamptz "
          + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[], "
          + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
          + "AS u(id, t, c, z, k, sev, v, th, st, ab, aa, rb, ra, sn, bs, be, ea) "
          // An incident only moves forward: its state (open, acknowledged, resolved), its peak value, its
          // severity (escalation) and when it ended never go back, whatever order updates and replays arrive in.
          + "ON CONFLICT (id, time) DO UPDATE SET "
          + "state = CASE WHEN " + RANK_NEW + " > " + RANK_OLD + " THEN EXCLUDED.state ELSE a.state END, "
          + "value = GREATEST(a.value, EXCLUDED.value), "
          + "severity = CASE WHEN " + SEVERITY_NEW + " > " + SEVERITY_OLD + " THEN EXCLUDED.severity ELSE a.severity END, "
          + "acknowledged_by = COALESCE(a.acknowledged_by, EXCLUDED.acknowledged_by), "
          + "acknowledged_at = COALESCE(a.acknowledged_at, EXCLUDED.acknowledged_at), "
          + "resolved_by = COALESCE(a.resolved_by, EXCLUDED.resolved_by), "
          + "resolved_at = COALESCE(a.resolved_at, EXCLUDED.resolved_at), "
          + "snapshot_ref = COALESCE(a.snapshot_ref, EXCLUDED.snapshot_ref), "
          + "breach_start = LEAST(a.breach_start, EXCLUDED.breach_start), "
          + "breach_end = COALESCE(a.breach_end, EXCLUDED.breach_end), "
          + "escalated_at = COALESCE(a.escalated_at, EXCLUDED.escalated_at) "
          + "WHERE " + RANK_NEW + " > " + RANK_OLD + " OR EXCLUDED.value > a.value OR " + SEVERITY_NEW + " > " + SEVERITY_OLD
          + " OR (a.breach_end IS NULL AND EXCLUDED.breach_end IS NOT NULL)"
          + " OR (a.escalated_at IS NULL AND EXCLUDED.escalated_at IS NOT NULL)"
          + " OR EXCLUDED.breach_start < a.breach_start OR a.breach_start IS NULL";

  static final String INSERT_NOTES = "INSERT INTO alert_notes (alert_id, time, author, text) "
      + "SELECT u.id::uuid, u.t::timestamptz, u.a, u.x FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
      + "AS u(id, t, a, x) ON CONFLICT DO NOTHING";

  private static final String COLUMNS = "id, time, camera_id, zone_id, kind, severity, value, threshold, state, "
      + "acknowledged_by, acknowledged_at, resolved_by, resolved_at, snapshot_ref, breach_start, breach_end, escalated_at";

  private AlertTable() {}

  static void upsert(Connection c, List<Alert> batch) throws SQLException {
    List<Alert> rows = mergeSameAlert(batch);
    int n = rows.size();
    String[][] text = new String[15][n];
    Double[] value = new Double[n], threshold = new Double[n];
    List<Alert> withNotes = new ArrayList<>();
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
      text[8][i] = text(a.acknowledgedAt());
      text[9][i] = a.resolvedBy();
      text[10][i] = text(a.resolvedAt());
      text[11][i] = a.snapshotRef();
      text[12][i] = text(a.breachStart());
      text[13][i] = text(a.breachEnd());
      text[14][i] = text(a.escalatedAt());
      if (!a.notes().isEmpty()) withNotes.add(a);
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_ALERTS)) {
      int p = 1;
      for (int k = 0; k < 6; k++) ps.setArray(p++, c.createArrayOf("text", text[k]));
      ps.setArray(p++, c.createArrayOf("float8", value));
      ps.setArray(p++, c.createArrayOf("float8", threshold));
      for (int k = 6; k < 15; k++) ps.setArray(p++, c.createArrayOf("text", text[k]));
      ps.executeUpdate();
    }
    insertNotes(c, withNotes);
  }

  /** Adds the notes not stored yet; those already there (same alert, time and author) are left as they are. */
  private static void insertNotes(Connection c, List<Alert> alerts) throws SQLException {
    List<String> id = new ArrayList<>(), t = new ArrayList<>(), by = new ArrayList<>(), x = new ArrayList<>();
    for (Alert a : alerts) {
      for (AlertNote note : a.notes()) {
        id.add(a.id().toString());
        t.add(note.at().toString());
        by.add(note.by());
        x.add(note.text());
      }
    }
    if (id.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(INSERT_NOTES)) {
      ps.setArray(1, c.createArrayOf("text", id.toArray()));
      ps.setArray(2, c.createArrayOf("text", t.toArray()));
      ps.setArray(3, c.createArrayOf("text", by.toArray()));
      ps.setArray(4, c.createArrayOf("text", x.toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * One row per alert: a statement may not update the same row twice, and a batch can hold an
   * alert's raise and its later states. The most advanced state wins; who and when of earlier ones
   * are kept, and so are the highest value and severity and every note.
   */
  static List<Alert> mergeSameAlert(List<Alert> batch) {
    Map<String, Alert> byKey = new LinkedHashMap<>();
    for (Alert a : batch) byKey.merge(a.id() + "@" + a.time(), a, AlertTable::later);
    return byKey.size() == batch.size() ? batch : new ArrayList<>(byKey.values());
  }

  private static Alert later(Alert old, Alert neu) {
    Alert win = neu.state().compareTo(old.state()) >= 0 ? neu : old;
    Alert other = win == neu ? old : neu;
    String ackBy = win.acknowledgedBy() != null ? win.acknowledgedBy() : other.acknowledgedBy();
    Instant ackAt = win.acknowledgedAt() != null ? win.acknowledgedAt() : other.acknowledgedAt();
    boolean acked = win.state() != AlertState.OPEN;
    Set<AlertNote> notes = new LinkedHashSet<>(other.notes());
    notes.addAll(win.notes());
    // Peak and severity only rise, as in the upsert.
    return new Alert(win.id(), win.time(), win.cameraId(), win.zoneId(), win.kind(),
        win.severity().compareTo(other.severity()) >= 0 ? win.severity() : other.severity(),
        Math.max(win.value(), other.value()),
        win.threshold(), win.state(), acked ? ackBy : null, acked ? ackAt : null, win.resolvedBy(), win.resolvedAt(),
        new ArrayList<>(notes), win.snapshotRef() != null ? win.snapshotRef() : other.snapshotRef(),
        win.breachStart().isBefore(other.breachStart()) ? win.breachStart() : other.breachStart(),
        win.breachEnd() != null ? win.breachEnd() : other.breachEnd(),
        win.escalatedAt() != null ? win.escalatedAt() : other.escalatedAt());
  }

  static Page<Alert> alerts(Connection c, AlertQuery q) throws SQLException {
    String sql = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM alerts "
        + "WHERE time >= ? AND time < ? AND (?::text[] IS NULL OR camera_id = ANY(?)) "
        + "AND (?::text IS NULL OR zone_id = ?) AND (?::text IS NULL OR state = ?) ORDER BY time DESC, id DESC OFFSET ? LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, JdbcStore.utc(q.from()));
      ps.setObject(2, JdbcStore.utc(q.to()));
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
      if (items.isEmpty() && q.offset() > 0) total = alerts(c, q.page(0, 1)).total();
      return new Page<>(withNotes(c, items), q.offset(), q.limit(), total);
    }
  }

  static Optional<Alert> alert(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ? LIMIT 1")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(withNotes(c, List.of(alert(rs))).get(0)) : Optional.empty();
      }
    }
  }

  /** Unresolved alerts of the given kinds, of one camera or all (null), oldest first, with their notes. */
  static List<Alert> unresolved(Connection c, List<String> kinds, String cameraId, int max) throws SQLException {
    List<Alert> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts "
        + "WHERE state <> 'resolved' AND kind = ANY (?) AND (?::text IS NULL OR camera_id = ?) "
        + "ORDER BY time LIMIT ?")) {
      ps.setArray(1, c.createArrayOf("text", kinds.toArray()));
      ps.setString(2, cameraId);
      ps.setString(3, cameraId);
      ps.setInt(4, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(alert(rs));
      }
    }
    return withNotes(c, out);
  }

  /**
   * Acknowledges an open alert, and adds the note if any. An alert already acknowledged or resolved is
   * returned as it is (a note given with it is still kept).
   */
  static Alert acknowledge(Connection c, UUID id, String by, String note, Instant at) throws SQLException {
    return transition(c, "UPDATE alerts SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? "
        + "WHERE id = ? AND state = 'open'", id, by, note, at);
  }

  /** Resolves an alert, and adds the note if any; one already resolved is returned as it is. */
  static Alert resolve(Connection c, UUID id, String by, String note, Instant at) throws SQLException {
    return transition(c, "UPDATE alerts SET state = 'resolved', resolved_by = ?, resolved_at = ? "
        + "WHERE id = ? AND state <> 'resolved'", id, by, note, at);
  }

  /** Adds a note to a stored alert; fails with {@link NoSuchElementException} when there is none. */
  static Alert note(Connection c, UUID id, AlertNote note) throws SQLException {
    Alert a = alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id));
    insertNotes(c, List.of(a.withNotes(List.of(note))));
    return alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id));
  }

  private static Alert transition(Connection c, String sql, UUID id, String by, String note, Instant at)
      throws SQLException {
    Alert before = alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id));
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, by);
      ps.setObject(2, JdbcStore.utc(at));
      ps.setObject(3, id);
      ps.executeUpdate();
    }
    if (note != null && !note.isBlank()) insertNotes(c, List.of(before.withNotes(List.of(new AlertNote(at, by, note)))));
    return alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id));
  }

  private static List<Alert> withNotes(Connection c, List<Alert> alerts) throws SQLException {
    if (alerts.isEmpty()) return alerts;
    Map<UUID, List<AlertNote>> notes = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT alert_id, time, author, text FROM alert_notes "
        + "WHERE alert_id = ANY (?) ORDER BY time, author")) {
      ps.setArray(1, c.createArrayOf("uuid", alerts.stream().map(Alert::id).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<AlertNote> list = notes.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>());
          // Bounded like the record: an alert with more notes shows its latest.
          if (list.size() == Alert.MAX_NOTES) list.remove(0);
          list.add(new AlertNote(instant(rs, "time"), rs.getString("author"), rs.getString("text")));
        }
      }
    }
    List<Alert> out = new ArrayList<>(alerts.size());
    for (Alert a : alerts) out.add(a.withNotes(notes.getOrDefault(a.id(), List.of())));
    return out;
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    return new Alert(rs.getObject("id", UUID.class), instant(rs, "time"), rs.getString("camera_id"),
        rs.getString("zone_id"), rs.getString("kind"), Severity.ofCode(rs.getString("severity")), rs.getDouble("value"),
        rs.getDouble("threshold"), AlertState.ofCode(rs.getString("state")), rs.getString("acknowledged_by"),
        instant(rs, "acknowledged_at"), rs.getString("resolved_by"), instant(rs, "resolved_at"), List.of(),
        rs.getString("snapshot_ref"), instant(rs, "breach_start"), instant(rs, "breach_end"), instant(rs, "escalated_at"));
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
