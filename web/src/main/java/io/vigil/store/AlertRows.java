package io.vigil.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The reads of the alerts table the incident engine makes outside the web's queries. Blocking: call
 * them on a worker.
 */
public final class AlertRows {
  private static final int MAX = 10_000;

  private AlertRows() {}

  /**
   * Alerts left open or acknowledged (by an earlier run, or by the node that pulled the camera before),
   * for the engine to take over: of the given kinds only, oldest first, those of one camera or of all when
   * {@code cameraId} is null.
   */
  public static List<Alert> unresolved(DataSource dataSource, Collection<String> kinds, String cameraId)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return AlertTable.unresolved(c, List.copyOf(kinds), cameraId, MAX);
    }
  }

  /** Which of these alerts are stored (retention has not removed them). */
  public static Set<UUID> stored(DataSource dataSource, Set<UUID> ids) throws SQLException {
    Set<UUID> found = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM alerts WHERE id = ANY (?)")) {
      Array a = c.createArrayOf("uuid", new ArrayList<>(ids).toArray());
      ps.setArray(1, a);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) found.add(rs.getObject(1, UUID.class));
      }
    }
    return found;
  }
}
