package io.vigil.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A Vigil that only stores, for tests that kill it: starts the embedded server in {@code args[0]}
 * (spool in {@code args[1]}), stores one alert for camera {@code args[2]}, prints {@code STORED} and
 * waits to be killed.
 */
public final class EmbeddedStorageMain {
  public static void main(String[] args) throws Exception {
    Storage storage = Storage.start(StorageOptions.builder(Path.of(args[0])).embeddedDataDir(Path.of(args[0]))
        .spoolDir(Path.of(args[1])).build());
    storage.writer().append(Alert.raise(Instant.now(), args[2], null, "camera_offline", Severity.CRITICAL, 0, 0, null));
    while (storage.writer().stats().alertsStored() == 0) Thread.sleep(20);
    System.out.println("STORED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
