package io.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The index of recorded segments (migration V300; a hypertable on TimescaleDB). Every statement of
 * recording lives here. Blocking: call on a worker.
 */
public final class RecordingIndex {
  private static final String COLUMNS = "camera_id, start_time, end_time, bytes, path, keyframe_offset_ms, node";
  /** A day of one camera's 10 s segments is 8,640 rows: a listing never needs more. */
  private static final int MAX_ROWS = 20_000;

  private final DataSource dataSource;

  public RecordingIndex(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Indexes a segment; indexing the same one again changes nothing. */
  public void add(SegmentRow s) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO recording_segments (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (camera_id, start_time) DO NOTHING")) {
      ps.setString(1, s.cameraId());
      ps.setTimestamp(2, Timestamp.from(s.start()));
      ps.setTimestamp(3, Timestamp.from(s.end()));
      ps.setLong(4, s.bytes());
      ps.setString(5, s.path());
      ps.setInt(6, s.keyframeOffsetMillis());
      ps.setString(7, s.node());
      ps.executeUpdate();
    }
  }

  /** The camera's segments that overlap [from, to), oldest first. */
  public List<SegmentRow> between(String cameraId, Instant from, Instant to) throws SQLException {
    return select("WHERE camera_id = ? AND end_time > ? AND start_time < ? ORDER BY start_time LIMIT " + MAX_ROWS,
        ps -> {
          ps.setString(1, cameraId);
          ps.setTimestamp(2, Timestamp.from(from));
          ps.setTimestamp(3, Timestamp.from(to));
        });
  }

  /** One segment by camera and start, or null. */
  public SegmentRow find(String cameraId, Instant start) throws SQLException {
    List<SegmentRow> rows = select("WHERE camera_id = ? AND start_time = ?", ps -> {
      ps.setString(1, cameraId);
      ps.setTimestamp(2, Timestamp.from(start));
    });
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Every segment this node's disk holds ({@code node} null: a single node's), for the start-up check. */
  public List<SegmentRow> held(String node) throws SQLException {
    return select("WHERE node IS NOT DISTINCT FROM ? ORDER BY start_time", ps -> ps.setString(1, node));
  }

  /** Total bytes of the segments on this node's disk. */
  public long bytes(String node) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT coalesce(sum(bytes), 0) FROM recording_segments WHERE node IS NOT DISTINCT FROM ?")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The oldest segments on this node's disk that retention may delete, oldest first: none that an
   * unresolved alert's clip may need (ending after {@code protect} before such an alert of the camera
   * was raised).
   */
  public List<SegmentRow> deletable(String node, Duration protect, int limit) throws SQLException {
    return select("s WHERE node IS NOT DISTINCT FROM ? AND NOT EXISTS (SELECT 1 FROM alerts a WHERE "
        + "a.camera_id = s.camera_id AND a.state <> 'resolved' AND s.end_time > a.time - make_interval(secs => ?)) "
        + "ORDER BY start_time LIMIT ?", ps -> {
          ps.setString(1, node);
          ps.setDouble(2, protect.toMillis() / 1000.0);
          ps.setInt(3, limit);
        });
  }

  /** Removes these rows (their files are deleted by the caller, after). */
  public void remove(List<SegmentRow> rows) throws SQLException {
    if (rows.isEmpty()) return;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM recording_segments WHERE camera_id = ? AND start_time = ?")) {
      for (SegmentRow r : rows) {
        ps.setString(1, r.cameraId());
        ps.setTimestamp(2, Timestamp.from(r.start()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** When an alert was raised and resolved (null while unresolved), and its camera; null when there is no such alert. */
  public AlertSpan alert(UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT camera_id, time, resolved_at FROM alerts WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        Timestamp resolved = rs.getTimestamp(3);
        return new AlertSpan(id, rs.getString(1), rs.getTimestamp(2).toInstant(),
            resolved == null ? null : resolved.toInstant());
      }
    }
  }

  /** The camera's alerts raised in [from, to), for the timeline. */
  public List<AlertSpan> alerts(String cameraId, Instant from, Instant to) throws SQLException {
    List<AlertSpan> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, time, resolved_at FROM alerts WHERE camera_id = ? "
            + "AND time >= ? AND time < ? ORDER BY time LIMIT " + MAX_ROWS)) {
      ps.setString(1, cameraId);
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp resolved = rs.getTimestamp(3);
          out.add(new AlertSpan(rs.getObject(1, UUID.class), cameraId, rs.getTimestamp(2).toInstant(),
              resolved == null ? null : resolved.toInstant()));
        }
      }
    }
    return out;
  }

  /** Stores the boxes of analysed frames; a frame stored already is left as it is. */
  public void addTracks(List<TrackRow> rows) throws SQLException {
    if (rows.isEmpty()) return;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO recording_tracks (camera_id, time, tracks) "
            + "VALUES (?, ?, ?::jsonb) ON CONFLICT (camera_id, time) DO NOTHING")) {
      for (TrackRow r : rows) {
        ps.setString(1, r.cameraId());
        ps.setTimestamp(2, Timestamp.from(r.time()));
        ps.setString(3, r.tracks());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The camera's stored boxes in [from, to), oldest first. */
  public List<TrackRow> tracks(String cameraId, Instant from, Instant to) throws SQLException {
    List<TrackRow> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT time, tracks::text FROM recording_tracks WHERE camera_id = ? "
            + "AND time >= ? AND time < ? ORDER BY time LIMIT " + MAX_ROWS)) {
      ps.setString(1, cameraId);
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new TrackRow(cameraId, rs.getTimestamp(1).toInstant(), rs.getString(2)));
      }
    }
    return out;
  }

  /** Removes the boxes stored for the time these segments covered (retention deleted them). */
  public void removeTracks(List<SegmentRow> segments) throws SQLException {
    if (segments.isEmpty()) return;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "DELETE FROM recording_tracks WHERE camera_id = ? AND time >= ? AND time < ?")) {
      for (SegmentRow s : segments) {
        ps.setString(1, s.cameraId());
        ps.setTimestamp(2, Timestamp.from(s.start()));
        ps.setTimestamp(3, Timestamp.from(s.end()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** One analysed frame's boxes: {@code tracks} is JSON, [[id, left, top, right, bottom], ...] in fractions. */
  public record TrackRow(String cameraId, Instant time, String tracks) {}

  /** An alert's time span: what its clip covers, with the pre- and post-roll around it. */
  public record AlertSpan(UUID id, String cameraId, Instant opened, Instant resolved) {}

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<SegmentRow> select(String where, Binder binder) throws SQLException {
    List<SegmentRow> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM recording_segments " + where)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SegmentRow(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
              rs.getLong(4), rs.getString(5), rs.getInt(6), rs.getString(7)));
        }
      }
    }
    return out;
  }
}
