package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimescaleStorageIT {
  @TempDir Path dir;

  @Test
  void takesTheTimescalePath() throws Exception {
    try (PgliteTimescale ts = PgliteTimescale.start();
        Storage s = Storage.start(StorageOptions.builder(dir).database(ts.jdbcUrl(), "postgres", "x")
            .spoolDir(dir.resolve("spool")).poolSize(2).flushInterval(Duration.ofMillis(50)).build())) {
      assertEquals(StoragePath.TIMESCALE, s.path());
    }
  }
}
