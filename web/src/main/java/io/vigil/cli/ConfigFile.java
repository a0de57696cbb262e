package io.vigil.cli;

import io.vigil.config.ConfigException;
import java.nio.file.Path;

/** What the commands that read {@code cameras.yml} share: where it is, and how a refusal is said. */
final class ConfigFile {
  /** The exit status of a command whose configuration cannot be used. */
  static final int UNUSABLE = 2;

  private ConfigFile() {}

  /** {@code --config} when given, else {@code cameras.yml} in the Vigil directory. */
  static Path of(Path option) {
    return option != null ? option : Path.of(System.getProperty("vigil.home", ".")).resolve("cameras.yml");
  }

  /** Prints each problem on stderr and returns {@link #UNUSABLE}. */
  static int refuse(ConfigException e) {
    System.err.println("vigil: the configuration cannot be used:");
    e.problems().forEach(p -> System.err.println("  " + p));
    return UNUSABLE;
  }
}
