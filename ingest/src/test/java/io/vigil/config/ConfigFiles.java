package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code cameras.yml} written into a test's folder, and the one problem a file that must fail reports. */
final class ConfigFiles {
  private ConfigFiles() {}

  static Path write(Path dir, String yaml) throws IOException {
    Path f = dir.resolve("cameras.yml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f;
  }

  /** Loads a file that must fail, and returns its single problem line without the file's name. */
  static String problem(Path dir, String yaml) throws IOException {
    Path f = write(dir, yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> VigilConfig.load(f));
    assertEquals(1, e.problems().size(), () -> "expected one problem, got " + e.problems());
    String p = e.problems().get(0);
    assertTrue(p.startsWith(f.toString() + ":"), () -> "problem must name the file: " + p);
    return p.substring(f.toString().length());
  }
}
