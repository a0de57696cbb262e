package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {
  private static final Path ROOT = Path.of("/srv/vigil");

  @Test
  void noDatabaseConfiguredMeansEmbeddedUnderTheRoot() {
    StorageOptions o = StorageOptions.fromEnvironment(Map.of(), ROOT);
    assertTrue(o.embedded());
    assertEquals(ROOT.resolve("data/pg"), o.embeddedDataDir());
    assertEquals(ROOT.resolve("data/spool"), o.spoolDir());
    assertEquals(0, o.embeddedPort());
  }

  @Test
  void readsTheEnvironment() {
    StorageOptions o = StorageOptions.fromEnvironment(Map.of(
        "VIGIL_DB_URL", "jdbc:postgresql://db.example:5432/vigil",
        "VIGIL_DB_USER", "vigil",
        "VIGIL_DB_PASSWORD", "hunter2",
        "VIGIL_DATA_DIR", "/var/lib/vigil",
        "VIGIL_DB_RETENTION", "30d",
        "VIGIL_DB_ALERT_RETENTION", "P400D",
        "VIGIL_DB_COMPRESS_AFTER", "36h"), ROOT);
    assertFalse(o.embedded());
    assertEquals("hunter2", o.password());
    assertEquals(Path.of("/var/lib/vigil/spool"), o.spoolDir());
    assertEquals(Duration.ofDays(30), o.retention());
    assertEquals(Duration.ofDays(400), o.alertRetention());
    assertEquals(Duration.ofHours(36), o.compressAfter());
    assertFalse(o.toString().contains("hunter2"), o.toString());
  }

  @Test
  void passwordsInUrlsAreMasked() {
    StorageOptions o = StorageOptions.builder(ROOT)
        .database("jdbc:postgresql://db:5432/vigil?user=v&password=hunter2&ssl=true", "v", "hunter2").build();
    assertFalse(o.toString().contains("hunter2"), o.toString());
    assertEquals("Unable to connect to jdbc:postgresql://v:***@db/vigil?password=***&ssl=true",
        StorageOptions.maskPasswords("Unable to connect to jdbc:postgresql://v:pw@db/vigil?password=pw&ssl=true"));
  }

  @Test
  void badValuesNameTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StorageOptions.fromEnvironment(Map.of("VIGIL_DB_RETENTION", "forever"), ROOT));
    assertTrue(e.getMessage().contains("VIGIL_DB_RETENTION"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StorageOptions.fromEnvironment(Map.of("VIGIL_DB_RETENTION", "1d"), ROOT));
    assertTrue(e.getMessage().contains("retention must be between"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StorageOptions.fromEnvironment(Map.of("VIGIL_DB_URL", "mysql://x"), ROOT));
    assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StorageOptions.fromEnvironment(Map.of("VIGIL_DB_EMBEDDED_PORT", "70000"), ROOT));
    assertTrue(e.getMessage().contains("embedded port"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StorageOptions.builder(ROOT).batchSize(0).build());
  }
}
