package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TimescaleDB path, on TimescaleDB 2.23 in PGlite (PostgreSQL 17 compiled to WebAssembly) over
 * the wire protocol. PGlite serves one connection at a time and queues the others; storage copes
 * with that (Flyway on one connection, a pool that waits), see {@link PgliteTimescale}.
 */
class TimescaleStorageIT extends StorageContract {
  private PgliteTimescale server;

  @BeforeEach
  void startServer() throws Exception {
    server = PgliteTimescale.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Override
  StoragePath expectedPath() {
    return StoragePath.TIMESCALE;
  }

  @Override
  StorageOptions.Builder options() {
    return StorageOptions.builder(dir).database(server.jdbcUrl(), "postgres", "unused")
        .spoolDir(dir.resolve("spool")).poolSize(2).flushInterval(Duration.ofMillis(50));
  }

  @Test
  void hypertablesAggregatesAndConfiguredPolicies() throws Exception {
    try (Storage s = Storage.start(options().compressAfter(Duration.ofDays(2)).retention(Duration.ofDays(30))
        .alertRetention(Duration.ofDays(400)).build())) {
      assertEquals(List.of("alerts", "camera_status", "occupancy", "recording_segments", "recording_tracks"),
          strings(s, "SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1"));
      assertEquals(List.of("occupancy_1h", "occupancy_1m"),
          strings(s, "SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1"));
      Map<String, String> policies = new TreeMap<>();
      try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT proc_name, hypertable_name, config::text FROM timescaledb_information.jobs "
              + "WHERE proc_name IN ('policy_compression', 'policy_retention')")) {
        while (rs.next()) policies.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
      }
      assertEquals(7, policies.size(), policies.toString());
      assertContains(policies.get("policy_compression occupancy"), "\"compress_after\": \"2 days\"");
      assertContains(policies.get("policy_retention occupancy"), "\"drop_after\": \"30 days\"");
      assertContains(policies.get("policy_retention alerts"), "\"drop_after\": \"400 days\"");

      // Rows in a compressed chunk: the series still reads them and a replay still inserts nothing.
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
      for (int i = 0; i < 120; i++) s.writer().offer(new OccupancySample(t0.plusSeconds(i), "cam-c", "z", i, i));
      awaitWritten(s);
      assertEquals(1, count(s, "SELECT count(compress_chunk(c)) FROM show_chunks('occupancy') c"));
      for (int i = 0; i < 120; i++) s.writer().offer(new OccupancySample(t0.plusSeconds(i), "cam-c", "z", i, i));
      awaitWritten(s);
      assertEquals(0, s.writer().stats().occupancyRejected());
      assertEquals(120, count(s, "SELECT count(*) FROM occupancy"));
      List<OccupancyPoint> perMinute = Await.result(s.queries(vertx).occupancy(
          new OccupancyQuery("cam-c", "z", t0, t0.plusSeconds(120), Duration.ofMinutes(1))));
      assertEquals(List.of(59, 119), perMinute.stream().map(OccupancyPoint::maxPeople).toList());
      assertEquals(List.of(29.5, 89.5), perMinute.stream().map(OccupancyPoint::meanPeople).toList());
    }
  }

  private static void assertContains(String text, String part) {
    if (text == null || !text.contains(part)) throw new AssertionError("expected " + part + " in " + text);
  }

  private static List<String> strings(Storage s, String sql) throws Exception {
    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }
}
