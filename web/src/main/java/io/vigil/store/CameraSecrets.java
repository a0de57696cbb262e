package io.vigil.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Camera passwords at rest: sealed ({@link SecretBox}) in {@code cameras.password_sealed}; the old
 * clear column {@code password} is emptied as rows are sealed. Runs on the caller's thread (the
 * storage's start, or the rotate command), each pass in one transaction.
 */
public final class CameraSecrets {
  private static final System.Logger LOG = System.getLogger(CameraSecrets.class.getName());

  private CameraSecrets() {}

  /** What a pass did: rows sealed or resealed under the current key, and rows no key here opens. */
  public record Outcome(int sealed, int unopenable) {}

  /**
   * At start: seals passwords still in clear (a database from before sealing) and reseals those under a
   * key this node holds but no longer seals with (an unfinished rotation, rolled back), then forgets the
   * pending key. A row no key here opens is left as it is and logged: its camera connects without its
   * password until the right key is configured.
   */
  static Outcome sealAtStart(DataSource ds, SecretKeys keys) throws SQLException, IOException {
    Outcome o = reseal(ds, keys.box());
    if (o.sealed() > 0) LOG.log(Level.INFO, "Sealed " + o.sealed() + " camera password(s) under key " + keys.box().currentKeyId());
    if (o.unopenable() > 0) {
      LOG.log(Level.ERROR, o.unopenable() + " camera password(s) were sealed with a key this node does not hold: set "
          + SecretKeys.ENV_KEY + " (or the key file) to the key they were sealed with; in a cluster, every node needs "
          + "the same key");
    }
    if (keys.pendingFile() != null && o.unopenable() == 0) {
      Files.deleteIfExists(keys.pendingFile());
      LOG.log(Level.WARNING, "A key rotation had not finished; camera passwords stay under the current key");
    }
    return o;
  }

  /**
   * Moves every camera password to a new key: {@code VIGIL_NEW_SECRET_KEY} when the current key comes
   * from {@code VIGIL_SECRET_KEY}, otherwise a new key file. The new key is on disk ({@code
   * <key file>.next}) before the rows change, and replaces the key file only after they have: a crash at
   * any point leaves every row openable at the next start. Vigil must not be running meanwhile.
   *
   * @return the outcome; with keys from the environment, the operator sets {@code VIGIL_SECRET_KEY} to
   *     the new key before the next start
   * @throws IllegalStateException when a password cannot be opened (nothing is changed then)
   */
  public static Outcome rotate(DataSource ds, Map<String, String> env, Path keyFile) throws SQLException, IOException {
    SecretKeys keys = SecretKeys.load(env, keyFile);
    if (keys.fromEnvironment()) {
      String next = env.get(SecretKeys.ENV_NEW_KEY);
      if (next == null || next.isBlank()) {
        throw new IllegalArgumentException("the key comes from " + SecretKeys.ENV_KEY + ": put the new one in "
            + SecretKeys.ENV_NEW_KEY + " (openssl rand -base64 32)");
      }
      byte[] newKey = SecretKeys.decode(SecretKeys.ENV_NEW_KEY, next);
      return resealAll(ds, new SecretBox(newKey, List.of(keys.current())));
    }
    // An unfinished rotation's key is reused: rows may already be sealed with it.
    byte[] newKey = keys.pending() != null ? keys.pending() : SecretBox.newKey();
    Path next = SecretKeys.next(keyFile);
    if (keys.pending() == null) SecretKeys.write(next, newKey);
    Outcome o = resealAll(ds, new SecretBox(newKey, List.of(keys.current())));
    Files.move(next, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return o;
  }

  private static Outcome resealAll(DataSource ds, SecretBox box) throws SQLException {
    Outcome o = reseal(ds, box);
    if (o.unopenable() > 0) {
      throw new IllegalStateException(o.unopenable() + " camera password(s) do not open with the current key; "
          + "nothing was changed");
    }
    return o;
  }

  /** One transaction: every row in clear or under another key this box holds ends under its current key. */
  private static Outcome reseal(DataSource ds, SecretBox box) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      int sealed = 0;
      int unopenable = 0;
      try (PreparedStatement select = c.prepareStatement(
              "SELECT id, password, password_sealed FROM cameras "
                  + "WHERE password IS NOT NULL OR password_sealed IS NOT NULL FOR UPDATE");
          PreparedStatement update = c.prepareStatement(
              "UPDATE cameras SET password_sealed = ?, password = NULL WHERE id = ?");
          ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString("id");
          String clear = rs.getString("password");
          String sealedValue = rs.getString("password_sealed");
          String secret;
          if (sealedValue == null) {
            secret = clear;
          } else if (SecretBox.keyIdOf(sealedValue).equals(box.currentKeyId()) && clear == null) {
            continue;
          } else {
            try {
              secret = box.open(sealedValue, id);
            } catch (SecretBox.SecretUnavailableException e) {
              LOG.log(Level.WARNING, "Camera " + id + ": its password " + e.getMessage());
              unopenable++;
              continue;
            }
          }
          update.setString(1, box.seal(secret, id));
          update.setString(2, id);
          update.addBatch();
          sealed++;
        }
        update.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      return new Outcome(sealed, unopenable);
    }
  }
}
