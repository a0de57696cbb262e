package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.testing.TestPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Storage on the machine's PostgreSQL 15: the plain-PostgreSQL path, end to end. */
class PostgresStorageIT extends StorageContract {
  private TestPostgres db;

  @BeforeEach
  void createDatabase() throws Exception {
    db = TestPostgres.create();
  }

  @AfterEach
  void dropDatabase() throws Exception {
    db.close();
  }

  @Override
  StoragePath expectedPath() {
    return StoragePath.POSTGRES;
  }

  @Override
  StorageOptions.Builder options() {
    return StorageOptions.builder(dir).database(db.url, TestPostgres.USER, null).spoolDir(dir.resolve("spool"))
        .flushInterval(Duration.ofMillis(50));
  }

  @Test
  void alertsTheDatabaseRefusesAreKeptAsideAndTheRestStored() throws Exception {
    try (Storage s = Storage.start(options().build())) {
      // A site rule the database enforces and Vigil does not know about.
      db.execute("ALTER TABLE alerts ADD CONSTRAINT no_drills CHECK (kind <> 'drill')");
      try {
        Instant t = Instant.now();
        Alert ok1 = Alert.raise(t, "cam-1", "gate", "over_capacity", Severity.WARNING, 12, 10, null);
        Alert drill = Alert.raise(t, "cam-1", "gate", "drill", Severity.INFO, 0, 0, null);
        Alert ok2 = Alert.raise(t, "cam-1", "gate", "gathering", Severity.WARNING, 7, 5, null);
        s.writer().append(ok1);
        s.writer().append(drill);
        s.writer().append(ok2);
        Await.until("alerts settled", WAIT, () -> s.writer().stats().alertsPending() == 0);
        assertEquals(1, s.writer().stats().alertsRejected());
        assertEquals(1, db.count("SELECT count(*) FROM alerts WHERE id = '" + ok1.id() + "'"));
        assertEquals(1, db.count("SELECT count(*) FROM alerts WHERE id = '" + ok2.id() + "'"));
        String rejected = Files.readString(dir.resolve("spool").resolve("alerts-rejected.jsonl"));
        assertTrue(rejected.contains(drill.id().toString()) && rejected.contains("no_drills"), rejected);
      } finally {
        db.execute("ALTER TABLE alerts DROP CONSTRAINT no_drills");
      }
    }
  }

  @Test
  void aStatementThatWaitsTooLongIsCancelledAndRetried() throws Exception {
    try (Storage s = Storage.start(options().statementTimeout(Duration.ofMillis(500)).build());
        Connection blocker = db.connect()) {
      blocker.setAutoCommit(false);
      try (Statement st = blocker.createStatement()) {
        st.execute("LOCK TABLE alerts IN ACCESS EXCLUSIVE MODE");
      }
      Alert a = Alert.raise(Instant.now(), "cam-1", "gate", "over_capacity", Severity.WARNING, 12, 10, null);
      s.writer().append(a);
      Await.until("the insert to be cancelled", WAIT, () -> !s.writer().stats().databaseUp());
      assertEquals(1, s.writer().stats().alertsPending());
      blocker.rollback();
      Await.until("the alert to be stored", WAIT, () -> s.writer().stats().alertsPending() == 0);
      assertEquals(1, db.count("SELECT count(*) FROM alerts WHERE id = '" + a.id() + "'"));
    }
  }

  @Test
  void anAlertAppendedAfterCloseIsStoredAtTheNextStart() throws Exception {
    Storage first = Storage.start(options().build());
    first.close();
    Alert late = Alert.raise(Instant.now(), "cam-1", "gate", "over_capacity", Severity.WARNING, 12, 10, null);
    first.writer().append(late);
    first.writer().offer(new OccupancySample(Instant.now(), "cam-1", "gate", 1, 1));
    assertEquals(1, first.writer().stats().ignoredInputs());
    try (Storage s = Storage.start(options().build())) {
      Await.until("the spooled alert to be stored", WAIT, () -> s.writer().stats().alertsPending() == 0);
      assertEquals(1, db.count("SELECT count(*) FROM alerts WHERE id = '" + late.id() + "'"));
    }
  }

  @Test
  void retentionJobDeletesOnlyOldRows() throws Exception {
    Instant now = Instant.now();
    try (Storage s = Storage.start(options().retention(Duration.ofDays(30)).alertRetention(Duration.ofDays(60))
        .retentionCheckInterval(Duration.ofSeconds(1)).build())) {
      s.writer().offer(new OccupancySample(now.minus(Duration.ofDays(31)), "cam-r", "z", 1, 1));
      s.writer().offer(new OccupancySample(now.minus(Duration.ofDays(29)), "cam-r", "z", 2, 2));
      s.writer().append(new CameraStatusChange(now.minus(Duration.ofDays(31)), "cam-r", "offline", null));
      s.writer().append(Alert.raise(now.minus(Duration.ofDays(61)), "cam-r", null, "over_capacity", Severity.INFO, 1, 1, null));
      Alert kept = Alert.raise(now.minus(Duration.ofDays(31)), "cam-r", null, "over_capacity", Severity.INFO, 1, 1, null);
      s.writer().append(kept);
      awaitWritten(s);
      Await.until("old rows deleted", WAIT, () ->
          db.count("SELECT count(*) FROM occupancy WHERE camera_id = 'cam-r'") == 1
              && db.count("SELECT count(*) FROM camera_status WHERE camera_id = 'cam-r'") == 0
              && db.count("SELECT count(*) FROM alerts WHERE camera_id = 'cam-r'") == 1);
      assertEquals(1, db.count("SELECT count(*) FROM occupancy WHERE camera_id = 'cam-r' AND people = 2"));
      assertEquals(1, db.count("SELECT count(*) FROM alerts WHERE id = '" + kept.id() + "'"));
    }
  }

}
