package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  private static final String SECRET = "S3nt!n3l:@/#?%";
  @TempDir Path dir;

  @Test
  void sealsAndOpensBoundToItsContext() {
    SecretBox box = new SecretBox(SecretBox.newKey(), List.of());
    String sealed = box.seal(SECRET, "gate");
    assertTrue(SecretBox.isSealed(sealed));
    assertFalse(sealed.contains(SECRET));
    assertNotEquals(sealed, box.seal(SECRET, "gate"), "a fresh nonce each time");
    assertEquals(SECRET, box.open(sealed, "gate"));
    assertThrows(SecretBox.SecretUnavailableException.class, () -> box.open(sealed, "other-camera"));
    String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAA=") ? "BBB=" : "AAA=");
    assertThrows(SecretBox.SecretUnavailableException.class, () -> box.open(tampered, "gate"));
  }

  @Test
  void opensWithAnyKeyItHoldsAndSealsWithTheCurrentOne() {
    byte[] oldKey = SecretBox.newKey();
    byte[] newKey = SecretBox.newKey();
    String underOld = new SecretBox(oldKey, List.of()).seal(SECRET, "gate");
    SecretBox both = new SecretBox(newKey, List.of(oldKey));
    assertEquals(SECRET, both.open(underOld, "gate"));
    assertEquals(SecretBox.keyId(newKey), SecretBox.keyIdOf(both.seal(SECRET, "gate")));
    SecretBox onlyNew = new SecretBox(newKey, List.of());
    SecretBox.SecretUnavailableException e =
        assertThrows(SecretBox.SecretUnavailableException.class, () -> onlyNew.open(underOld, "gate"));
    assertTrue(e.getMessage().contains(SecretBox.keyId(oldKey)), e.getMessage());
  }

  @Test
  void theKeyFileIsCreatedOnceReadableOnlyByItsOwner() throws Exception {
    Path file = dir.resolve("data").resolve(SecretKeys.FILE_NAME);
    SecretKeys first = SecretKeys.load(Map.of(), file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(SecretBox.keyId(first.current()), SecretBox.keyId(SecretKeys.load(Map.of(), file).current()));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    SecretKeys.load(Map.of(), file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "narrowed again");
    assertFalse(first.toString().contains(Base64.getEncoder().encodeToString(first.current())), "never printed");
  }

  @Test
  void theEnvironmentsKeyWinsAndIsChecked() throws Exception {
    byte[] key = SecretBox.newKey();
    Path file = dir.resolve(SecretKeys.FILE_NAME);
    SecretKeys keys = SecretKeys.load(Map.of(SecretKeys.ENV_KEY, Base64.getEncoder().encodeToString(key)), file);
    assertTrue(keys.fromEnvironment());
    assertEquals(SecretBox.keyId(key), keys.box().currentKeyId());
    assertFalse(Files.exists(file), "no key file when the environment has the key");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SecretKeys.load(Map.of(SecretKeys.ENV_KEY, "c2hvcnQ="), file));
    assertTrue(e.getMessage().contains(SecretKeys.ENV_KEY), e.getMessage());
  }
}
