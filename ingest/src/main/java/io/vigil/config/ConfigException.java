package io.vigil.config;

import java.util.List;

/**
 * A configuration file that cannot be used. Every problem names the file, the line and the key, so an
 * operator can fix them all in one pass instead of one per restart.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
