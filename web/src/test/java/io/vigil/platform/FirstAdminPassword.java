package io.vigil.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first administrator's password as a platform without a terminal hands it over (tests have none):
 * the console names a file readable only by its owner, and only the file holds the password.
 */
public final class FirstAdminPassword {
  private static final Pattern FILE = Pattern.compile("it is in the file (\\S+) \\(");
  private static final Pattern PASSWORD = Pattern.compile("Password: (\\S+)");

  private FirstAdminPassword() {}

  /**
   * The password from the file the console output names, or null when the output names none.
   *
   * @throws AssertionError when the console shows the password itself, or the file is readable by others
   */
  public static String from(String console) throws IOException {
    if (PASSWORD.matcher(console).find()) {
      throw new AssertionError("without a terminal the first administrator's password must not be printed");
    }
    Matcher f = FILE.matcher(console);
    if (!f.find()) return null;
    Path file = Path.of(f.group(1));
    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    if (!"rw-------".equals(mode)) throw new AssertionError(file + " has mode " + mode + ", not rw-------");
    Matcher m = PASSWORD.matcher(Files.readString(file));
    if (!m.find()) throw new AssertionError(file + " holds no password");
    return m.group(1);
  }
}
