package io.vigil.web.auth;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the first administrator's generated password goes: to a person, never to a log. The platform
 * shows it on the terminal when there is one; a service's standard output is usually kept by a journal
 * or a log collector, so without a terminal it goes to a file only its owner can read.
 *
 * <p>Called once, on a worker thread, while the web verticle starts.
 */
@FunctionalInterface
public interface FirstAdminNotice {
  /** The name of the file in the data directory; the console says when it was written. */
  String FILE_NAME = "first-admin-password";

  void deliver(String username, String password) throws IOException;

  /** Printed to {@code out}: for tests and embedders that own the stream. */
  static FirstAdminNotice printTo(PrintStream out) {
    return (user, password) -> print(out, user, password);
  }

  /**
   * On {@code terminal} when there is one ({@link System#console()}); otherwise in {@code <dataDir>/
   * first-admin-password}, mode 0600, and {@code out} says where.
   */
  static FirstAdminNotice terminalOrFile(Console terminal, PrintStream out, Path dataDir) {
    return (user, password) -> {
      if (terminal != null) {
        PrintWriter w = terminal.writer();
        w.println(line(user, password));
        w.println(CHANGE_IT);
        w.flush();
        return;
      }
      Path file = dataDir.resolve(FILE_NAME);
      Files.createDirectories(dataDir);
      Files.deleteIfExists(file);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, line(user, password) + "\n" + CHANGE_IT + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING);
      out.println("Vigil: created the first administrator '" + user + "'. No terminal to show its password on: "
          + "it is in the file " + file.toAbsolutePath() + " (readable only by this user). Sign in, change it, "
          + "then delete the file.");
    };
  }

  String CHANGE_IT = "Vigil: this password is shown only now; sign in and change it (POST /api/v1/auth/password)";

  private static void print(PrintStream out, String user, String password) {
    out.println(line(user, password));
    out.println(CHANGE_IT);
  }

  private static String line(String user, String password) {
    return "Vigil: created the first administrator. User: " + user + "  Password: " + password;
  }
}
