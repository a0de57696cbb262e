package io.vigil.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the key that seals secrets in the database comes from, never the database itself: {@code
 * VIGIL_SECRET_KEY} (32 bytes, base64) when it is set, otherwise a key file in the data directory,
 * created on the first start with mode 0600. A file {@code <key file>.next} is the new key of a rotation
 * that did not finish; it is held for opening only.
 *
 * @param current      the key that seals
 * @param pending      the new key of an unfinished rotation, or null
 * @param pendingFile  where {@code pending} came from, or null
 * @param fromEnvironment true when {@code current} is {@code VIGIL_SECRET_KEY}
 */
public record SecretKeys(byte[] current, byte[] pending, Path pendingFile, boolean fromEnvironment) {
  private static final System.Logger LOG = System.getLogger(SecretKeys.class.getName());
  public static final String ENV_KEY = "VIGIL_SECRET_KEY";
  /** The key a rotation moves to when the current one comes from the environment. */
  public static final String ENV_NEW_KEY = "VIGIL_NEW_SECRET_KEY";
  public static final String FILE_NAME = "secret.key";
  static final String NEXT_SUFFIX = ".next";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** The box that seals under the current key and opens under it and the pending one. */
  public SecretBox box() {
    return new SecretBox(current, pending == null ? List.of() : List.of(pending));
  }

  /**
   * The keys for {@code keyFile}'s data directory: the environment's, or the file's (created when
   * missing).
   *
   * @throws IllegalArgumentException when the environment's key or the file's content is not a key
   */
  public static SecretKeys load(Map<String, String> env, Path keyFile) throws IOException {
    String fromEnv = env.get(ENV_KEY);
    if (fromEnv != null && !fromEnv.isBlank()) return new SecretKeys(decode(ENV_KEY, fromEnv), null, null, true);
    if (!Files.exists(keyFile)) {
      write(keyFile, SecretBox.newKey());
      LOG.log(Level.INFO, "Created the key that encrypts camera passwords in the database: " + keyFile
          + " (keep it out of database backups)");
    }
    byte[] current = read(keyFile);
    Path next = next(keyFile);
    byte[] pending = Files.exists(next) ? read(next) : null;
    return new SecretKeys(current, pending, pending == null ? null : next, false);
  }

  static Path next(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + NEXT_SUFFIX);
  }

  static byte[] decode(String source, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " must be base64 (openssl rand -base64 32)");
    }
    if (key.length != SecretBox.KEY_BYTES) {
      throw new IllegalArgumentException(source + " must hold " + SecretBox.KEY_BYTES + " bytes, base64-encoded "
          + "(openssl rand -base64 32); it holds " + key.length);
    }
    return key;
  }

  /** Reads a key file, narrowing its mode to 0600 first if someone widened it. */
  static byte[] read(Path file) throws IOException {
    if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      LOG.log(Level.WARNING, file + " was readable by others; its mode is now 0600");
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
    return decode(file.toString(), Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Writes {@code key} to {@code file} with mode 0600 from its creation (never briefly readable by
   * others), synced, then moved into place in one step, so that a crash leaves the old key or the new.
   */
  static void write(Path file, byte[] key) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix()) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    else Files.createFile(tmp);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.write(StandardCharsets.US_ASCII.encode(Base64.getEncoder().encodeToString(key) + "\n"));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    List<String> ids = new ArrayList<>(List.of(SecretBox.keyId(current)));
    if (pending != null) ids.add(SecretBox.keyId(pending) + " (pending)");
    return "SecretKeys" + ids + (fromEnvironment ? " from " + ENV_KEY : "");
  }
}
