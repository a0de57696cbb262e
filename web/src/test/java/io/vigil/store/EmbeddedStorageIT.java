package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.ingest.ConnectionGuard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL: the storage contract, and data that survives restarts, a kill -9, and a
 * second Vigil on the same directory.
 */
class EmbeddedStorageIT extends StorageContract {

  @Override
  StoragePath expectedPath() {
    return StoragePath.POSTGRES;
  }

  @Override
  StorageOptions.Builder options() {
    return StorageOptions.builder(dir).flushInterval(Duration.ofMillis(50));
  }

  private static long alertsOf(Storage s, String camera) throws Exception {
    return Await.result(s.queries(vertx).alerts(AlertQuery.between(Instant.EPOCH, Instant.now().plusSeconds(60))
        .camera(camera))).total();
  }

  @Test
  void dataSurvivesARestartAndASecondVigilIsRefused() throws Exception {
    Path pgData = dir.resolve("data").resolve("pg");
    try (Storage s = Storage.start(options().build())) {
      assertEquals(StoragePath.POSTGRES, s.path());
      assertTrue(Files.exists(pgData.resolve("PG_VERSION")), "default data directory is <root>/data/pg");
      s.writer().append(Alert.raise(Instant.now(), "cam-a", "gate", "over_capacity", Severity.WARNING, 9, 8, null));
      s.writer().offer(new OccupancySample(Instant.now(), "cam-a", "gate", 9, 8.5));
      Await.until("stored", WAIT, () -> s.writer().stats().alertsStored() == 1 && s.writer().stats().occupancyStored() == 1);

      IllegalStateException second = assertThrows(IllegalStateException.class, () -> Storage.start(options().build()));
      assertTrue(second.getMessage().contains("in use by another running Vigil"), second.getMessage());
    }
    Instant created = Files.getLastModifiedTime(pgData.resolve("PG_VERSION")).toInstant();
    try (Storage s = Storage.start(options().build())) {
      assertEquals(1, alertsOf(s, "cam-a"));
      assertEquals(created, Files.getLastModifiedTime(pgData.resolve("PG_VERSION")).toInstant(), "cluster reused, not re-created");
    }
  }

  @Test
  void startsAfterVigilWasKilledWithItsServerStillRunning() throws Exception {
    Path pgData = dir.resolve("pg");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(ConnectionGuard.jvmOptions());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedStorageMain.class.getName(),
        pgData.toString(), dir.resolve("spool").toString(), "cam-killed"));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long postmaster;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("STORED")) System.out.println("child: " + line);
      assertEquals("STORED", line, "child Vigil stored its alert");
      postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, the server is orphaned
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    }
    assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "server outlived its Vigil");

    StorageOptions o = StorageOptions.builder(dir).embeddedDataDir(pgData).spoolDir(dir.resolve("spool")).build();
    try (Storage s = Storage.start(o)) {
      assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "orphaned server stopped");
      assertEquals(1, alertsOf(s, "cam-killed"));
    }

    // A pid file naming a live process that is not PostgreSQL (here: this JVM) is stale too.
    Files.writeString(pgData.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + pgData + "\n");
    try (Storage s = Storage.start(o)) {
      assertTrue(s.embeddedPort() > 0);
      assertEquals(1, alertsOf(s, "cam-killed"));
    }
  }
}
