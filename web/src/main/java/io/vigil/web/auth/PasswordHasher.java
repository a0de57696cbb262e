package io.vigil.web.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, at OWASP's 2023 work factor (600,000 iterations), with a 16-byte
 * random salt. Stored as {@code pbkdf2-sha256$iterations$salt$hash} so that the factor can be raised
 * later without invalidating existing passwords.
 */
public final class PasswordHasher {
  static final int ITERATIONS = 600_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final int HASH_BITS = 256;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random;
  /** Compared against when the user does not exist, so that "no such user" costs as long as a wrong password. */
  private final String dummy;

  public PasswordHasher(SecureRandom random) {
    this.random = random;
    this.dummy = hash(new char[] {'x'});
  }

  String hash(char[] password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return PREFIX + "$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(derive(password, salt, ITERATIONS));
  }

  /** Constant-time in the password; {@code stored} null means "no such user" and always fails. */
  public boolean verify(char[] password, String stored) {
    boolean known = stored != null;
    String[] parts = (known ? stored : dummy).split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) return false;
    int iterations = Integer.parseInt(parts[1]);
    byte[] expected = B64D.decode(parts[3]);
    byte[] actual = derive(password, B64D.decode(parts[2]), iterations);
    return MessageDigest.isEqual(expected, actual) && known;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
