package io.vigil.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstAdminNoticeTest {
  private static final String PASSWORD = "gEnErAtEd-PaSsWoRd";
  @TempDir Path dir;

  @Test
  void withoutATerminalThePasswordGoesToAFileOnlyItsOwnerReads() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path data = dir.resolve("data");
    FirstAdminNotice.terminalOrFile(null, new PrintStream(out, true, StandardCharsets.UTF_8), data)
        .deliver("admin", PASSWORD);
    String console = out.toString(StandardCharsets.UTF_8);
    Path file = data.resolve(FirstAdminNotice.FILE_NAME);
    assertFalse(console.contains(PASSWORD), console);
    assertTrue(console.contains(file.toAbsolutePath().toString()), "the console says where: " + console);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).contains("User: admin  Password: " + PASSWORD));
  }
}
