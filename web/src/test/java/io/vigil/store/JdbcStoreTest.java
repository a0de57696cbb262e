package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdbcStoreTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void aBatchHoldingSeveralStatesOfOneAlertKeepsTheMostAdvanced() {
    Alert open = Alert.raise(T, "cam", "z", "gathering", Severity.WARNING, 6, 5, null);
    Alert acked = open.acknowledged("op-1", T.plusSeconds(5), null);
    Alert resolvedByAnalytics = open.resolved("analytics", T.plusSeconds(60), null);
    Alert other = Alert.raise(T, "cam", "z", "gathering", Severity.WARNING, 6, 5, null);
    List<Alert> merged = AlertTable.mergeSameAlert(List.of(open, other, acked, resolvedByAnalytics, open));
    assertEquals(2, merged.size());
    assertEquals(AlertState.RESOLVED, merged.get(0).state());
    assertEquals("op-1", merged.get(0).acknowledgedBy(), "who acknowledged it is kept");
    assertEquals(other, merged.get(1));
  }

  @Test
  void seriesReadTheCoarsestAggregateThatDividesTheBucket() {
    assertTrue(JdbcStore.occupancySource(Duration.ofHours(2), StoragePath.TIMESCALE).contains("occupancy_1h"));
    assertTrue(JdbcStore.occupancySource(Duration.ofMinutes(90), StoragePath.TIMESCALE).contains("occupancy_1m"));
    assertTrue(JdbcStore.occupancySource(Duration.ofSeconds(30), StoragePath.TIMESCALE).endsWith("FROM occupancy"));
    assertTrue(JdbcStore.occupancySource(Duration.ofHours(1), StoragePath.POSTGRES).endsWith("FROM occupancy"));
  }

  @Test
  void connectionTroubleIsRetriedAndRefusalsAreNot() {
    assertTrue(SqlFailures.isTransient(new SQLTransientConnectionException("pool timeout")));
    assertTrue(SqlFailures.isTransient(new SQLException("refused", "08001")));
    assertTrue(SqlFailures.isTransient(new SQLException("admin shutdown", "57P01")));
    assertTrue(SqlFailures.isTransient(new SQLException("statement timeout", "57014")));
    assertTrue(!SqlFailures.isTransient(new SQLException("check violation", "23514")));
    assertTrue(!SqlFailures.isTransient(new SQLException("bad password", "28P01")));
  }
}
