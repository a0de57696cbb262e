package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.VigilConfig;
import io.vigil.store.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which database {@code ./vigil run} uses (the README's promise): the file's {@code database:} section,
 * else {@code VIGIL_DB_URL}/{@code VIGIL_DB_USER}/{@code VIGIL_DB_PASSWORD}, else the embedded server.
 */
class StorageChoiceTest {
  private static final Map<String, String> ENV = Map.of("VIGIL_DB_URL", "jdbc:postgresql://127.0.0.1:5432/vigil_env",
      "VIGIL_DB_USER", "env-user", "VIGIL_DB_PASSWORD", "env-secret", "FILE_DB_PASSWORD", "file-secret");

  private static VigilConfig config(Path dir, String database) throws IOException {
    Path file = dir.resolve("cameras.yml");
    Files.writeString(file, "data_dir: data\n" + database + "cameras: []\n");
    return VigilConfig.load(file);
  }

  @Test
  void withoutASectionTheEnvironmentChoosesTheServer(@TempDir Path dir) throws IOException {
    StorageOptions o = Platform.storageOptions(config(dir, ""), ENV);
    assertFalse(o.embedded());
    assertEquals("jdbc:postgresql://127.0.0.1:5432/vigil_env", o.jdbcUrl());
    assertEquals("env-user", o.user());
    assertEquals("env-secret", o.password());
  }

  @Test
  void theFilesSectionWinsOverTheEnvironment(@TempDir Path dir) throws IOException {
    StorageOptions o = Platform.storageOptions(config(dir, """
        database:
          url: jdbc:postgresql://127.0.0.1:5432/vigil_file
          user: file-user
          password: ${FILE_DB_PASSWORD}
        """), ENV);
    assertEquals("jdbc:postgresql://127.0.0.1:5432/vigil_file", o.jdbcUrl());
    assertEquals("file-user", o.user());
    assertEquals("file-secret", o.password());
  }

  @Test
  void withNeitherVigilRunsItsOwnServer(@TempDir Path dir) throws IOException {
    StorageOptions o = Platform.storageOptions(config(dir, ""), Map.of());
    assertTrue(o.embedded());
    assertNull(o.user());
  }

  @Test
  void retentionComesFromTheFileThenTheEnvironmentThenTheDefault(@TempDir Path dir) throws IOException {
    Map<String, String> env = Map.of("VIGIL_DB_RETENTION", "20d", "VIGIL_DB_COMPRESS_AFTER", "2h");
    StorageOptions o = Platform.storageOptions(config(dir, """
        storage:
          retention: 30d
        """), env);
    assertEquals(Duration.ofDays(30), o.retention());
    assertEquals(Duration.ofHours(2), o.compressAfter());
    assertEquals(Duration.ofDays(365), o.alertRetention());
  }
}
