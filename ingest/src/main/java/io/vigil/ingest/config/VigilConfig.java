package io.vigil.ingest.config;

import io.vigil.ingest.config.impl.YamlConfigLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything in {@code cameras.yml}: cameras with their zones and rules, plus the few platform
 * settings an operator needs on the first day.
 *
 * @param database null when Vigil should run its embedded PostgreSQL
 */
public record VigilConfig(
    Path file,
    ServerSettings server,
    DatabaseSettings database,
    Path dataDir,
    DetectorSettings detector,
    RegistrationSettings registration,
    List<CameraConfig> cameras) {

  public VigilConfig {
    cameras = List.copyOf(cameras);
  }

  /** Loads and validates a file; throws {@link ConfigException} listing every problem found. */
  public static VigilConfig load(Path file) {
    return new YamlConfigLoader().load(file);
  }
}
