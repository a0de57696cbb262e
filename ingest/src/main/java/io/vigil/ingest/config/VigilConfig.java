package io.vigil.ingest.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Everything in {@code cameras.yml}: cameras with their zones and rules, plus the few platform
 * settings an operator needs on the first day.
 *
 * @param database null when Vigil should run its embedded PostgreSQL
 * @param cluster  clustered mode; {@link ClusterSettings#DISABLED} without a {@code cluster:} section
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
    ClusterSettings cluster,
    Node alerts) {

  public VigilConfig {
    cameras = List.copyOf(cameras);
  }

  public VigilConfig withCluster(ClusterSettings c) {
    return new VigilConfig(file, server, database, dataDir, detector, registration, cameras, c, alerts);
  }

  public VigilConfig withServer(ServerSettings s) {
    return new VigilConfig(file, s, database, dataDir, detector, registration, cameras, cluster, alerts);
  }

  public VigilConfig withDataDir(Path d) {
    return new VigilConfig(file, server, database, d, detector, registration, cameras, cluster, alerts);
  }

  /**
   * Checks what only the combination of settings can break (the command line may have changed some);
   * throws {@link ConfigException} listing the problems.
   */
  public VigilConfig checked() {
    if (!cluster.enabled()) return this;
    List<String> problems = new ArrayList<>();
    cluster.problems().forEach(p -> problems.add(file + ": " + p));
    if (database == null) {
      problems.add(file + ": cluster: needs a shared database: add a database: section; "
          + "an embedded PostgreSQL per node would give every node its own alerts and cameras");
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return this;
  }

  /** Loads and validates a file; throws {@link ConfigException} listing every problem found. */
  public static VigilConfig load(Path file) {
    return new YamlConfigLoader().load(file);
  }
}
