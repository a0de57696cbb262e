package io.vigil.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for the database with AES-256-GCM under the current key, and opens what any key it holds
 * sealed. A sealed value is {@code v1:<key id>:<base64 of nonce, ciphertext and tag>}: the key id (the
 * start of the key's SHA-256) says which key opens it, so that a rotation can be finished or rolled back
 * row by row. The context (a camera's id) is authenticated with it: a value copied to another row does
 * not open.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class SecretBox {
  static final int KEY_BYTES = 32;
  private static final String FORMAT = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  /** 64 bits: enough to tell a handful of keys apart, too few to help guess one. */
  private static final int KEY_ID_BYTES = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentId;
  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

  /** @param others keys that only open (a previous key, or the next one of an unfinished rotation) */
  SecretBox(byte[] current, List<byte[]> others) {
    currentId = add(current);
    others.forEach(this::add);
  }

  private String add(byte[] key) {
    if (key.length != KEY_BYTES) throw new IllegalArgumentException("a secret key must be " + KEY_BYTES + " bytes");
    String id = keyId(key);
    keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
    return id;
  }

  static byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  static String keyId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, KEY_ID_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  String currentKeyId() {
    return currentId;
  }

  /** True for a value sealed by this format, whatever its key. */
  static boolean isSealed(String value) {
    return value != null && value.startsWith(FORMAT + ":");
  }

  /** The id of the key that sealed {@code sealed}. */
  static String keyIdOf(String sealed) {
    String[] parts = sealed.split(":", 3);
    if (parts.length != 3 || !FORMAT.equals(parts[0])) throw new IllegalArgumentException("not a sealed value");
    return parts[1];
  }

  String seal(String secret, String context) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return FORMAT + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
    }
  }

  /**
   * @throws SecretUnavailableException when no key held here sealed it, or it was altered or moved to
   *     another context
   */
  String open(String sealed, String context) {
    String id = keyIdOf(sealed);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new SecretUnavailableException("sealed with key " + id + ", which this node does not hold (current key "
          + currentId + ")");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(FORMAT.length() + id.length() + 2));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecretUnavailableException("does not open with key " + id + " (altered, or copied from another row)");
    }
  }

  /** A sealed secret that cannot be opened here; the message never contains the secret. */
  public static final class SecretUnavailableException extends IllegalStateException {
    SecretUnavailableException(String message) {
      super(message);
    }
  }
}
