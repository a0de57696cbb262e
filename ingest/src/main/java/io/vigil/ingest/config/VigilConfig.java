package io.vigil.ingest.config;

import io.vigil.ingest.config.impl.YamlConfigLoader;
import java.nio.file.Path;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Everything in {@code cameras.yml}: cameras with their zones and rules, plus the few platform
 * settings an operator needs on the first day.
 *
 * @param database null when Vigil should run its embedded PostgreSQL
 * @param alerts   the {@code alerts:} section as parsed YAML (with line numbers), or null; its schema
 *                 belongs to the alerting layer in the web module, which validates it at start
 */
public record VigilConfig(
    Path file,
    ServerSettings server,
    DatabaseSettings database,
    Path dataDir,
    DetectorSettings detector,
    RegistrationSettings registration,
    List<CameraConfig> cameras,
    Node alerts) {

  public VigilConfig {
    cameras = List.copyOf(cameras);
  }

  /** Loads and validates a file; throws {@link ConfigException} listing every problem found. */
  public static VigilConfig load(Path file) {
    return new YamlConfigLoader().load(file);
  }
}
