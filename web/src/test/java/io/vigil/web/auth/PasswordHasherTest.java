package io.vigil.web.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(new SecureRandom());

  @Test
  void verifiesOnlyTheRightPasswordAndSaltsEachHash() {
    String h1 = hasher.hash("s3cret passphrase".toCharArray());
    String h2 = hasher.hash("s3cret passphrase".toCharArray());
    assertNotEquals(h1, h2);
    assertTrue(h1.startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"), h1);
    assertFalse(h1.contains("s3cret"));
    assertTrue(hasher.verify("s3cret passphrase".toCharArray(), h1));
    assertFalse(hasher.verify("s3cret passphrasE".toCharArray(), h1));
    assertFalse(hasher.verify("x".toCharArray(), null), "an unknown user never verifies");
  }
}
