package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vigil.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera passwords at rest: a database from before sealing is sealed at start, a camera registered
 * now is stored sealed, a key rotation keeps every password, and neither a dump of the database
 * ({@code pg_dump}) nor the data directory (spool included) holds a password in clear.
 */
class SecretsAtRestIT {
  private static final String LEGACY = "L3gacy-S3nt!n3l";
  private static final String SECRET = "S3nt!n3l:@/#?%";
  @TempDir Path dir;

  @Test
  void passwordsAreSealedMigratedAndRotated() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestPostgres db = TestPostgres.create()) {
      // A database as the release before sealing left it, with a password in clear.
      Flyway.configure().dataSource(db.url, TestPostgres.USER, null)
          .locations("classpath:db/migration/common", "classpath:db/migration/postgres").target("200").load().migrate();
      try (var c = db.connect(); PreparedStatement ps = c.prepareStatement(
          "INSERT INTO cameras (id, config, password, registered_at, updated_at) VALUES (?, ?::jsonb, ?, now(), now())")) {
        ps.setString(1, "legacy");
        ps.setString(2, "{\"url\":\"rtsp://10.0.0.7/stream\",\"username\":\"op\"}");
        ps.setString(3, LEGACY);
        ps.executeUpdate();
      }
      StorageOptions options = StorageOptions.builder(dir).database(db.url, TestPostgres.USER, null).build();
      Path keyFile = options.secretKeyFile();

      try (Storage storage = Storage.start(options)) {
        StorageQueries q = storage.queries(vertx);
        q.registerCamera(new RegisteredCamera("gate", "{\"url\":\"rtsp://10.0.0.9/stream\",\"username\":\"op\"}", SECRET,
            Instant.now())).await(30, TimeUnit.SECONDS);
        assertEquals(Map.of("legacy", LEGACY, "gate", SECRET), passwords(q));
      }
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(keyFile)));
      assertEquals(0, db.count("SELECT count(*) FROM cameras WHERE password IS NOT NULL"), "the clear column is empty");
      assertEquals(2, db.count("SELECT count(*) FROM cameras WHERE password_sealed LIKE 'v1:%'"));
      assertNoSecret(dump(db));
      assertNoSecret(dataDirectory());

      String before = Files.readString(keyFile);
      try (Storage storage = Storage.start(options)) {
        CameraSecrets.Outcome o = CameraSecrets.rotate(storage.dataSource(), Map.of(), keyFile);
        assertEquals(new CameraSecrets.Outcome(2, 0), o);
      }
      assertNotEquals(before, Files.readString(keyFile), "a new key file");
      assertFalse(Files.exists(SecretKeys.next(keyFile)), "the rotation finished");
      try (Storage storage = Storage.start(options)) {
        assertEquals(Map.of("legacy", LEGACY, "gate", SECRET), passwords(storage.queries(vertx)),
            "every password opens with the new key");
      }
      String dump = dump(db);
      assertNoSecret(dump);
      assertTrue(dump.contains("v1:" + SecretBox.keyId(SecretKeys.load(Map.of(), keyFile).current())), "under the new key");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> passwords(StorageQueries q) throws Exception {
    List<RegisteredCamera> cams = q.registeredCameras().await(30, TimeUnit.SECONDS);
    return cams.stream().collect(Collectors.toMap(RegisteredCamera::id, RegisteredCamera::password));
  }

  /** The whole database as {@code pg_dump} writes it: what a backup holds. */
  private static String dump(TestPostgres db) throws Exception {
    Process p = new ProcessBuilder("pg_dump", "--no-owner", "-h", "127.0.0.1", "-p", "5432", "-U", TestPostgres.USER,
        db.name).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_dump finished");
    assertEquals(0, p.exitValue(), "pg_dump (the PostgreSQL client tools must be installed): " + out);
    assertTrue(out.contains("password_sealed"), "the dump has the cameras table");
    return out;
  }

  /** Every file Vigil wrote in its data directory but the key: the spool, anything else. */
  private String dataDirectory() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().startsWith(SecretKeys.FILE_NAME)) continue;
        all.append(f).append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  private static void assertNoSecret(String text) {
    for (String secret : List.of(SECRET, LEGACY, "S3nt!n3l")) {
      assertFalse(text.contains(secret), "a password in clear: " + secret);
    }
  }
}
