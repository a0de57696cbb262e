package io.vigil.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything in {@code cameras.yml}, typed and checked in one place: cameras with their zones and
 * rules, the server, the database and its retention, the detector, registration, the cluster and the
 * alerting. Nothing else in Vigil reads the file.
 *
 * @param database null when Vigil should run its embedded PostgreSQL
 * @param storage  retention and compression; {@link StorageSettings#DEFAULT} without a {@code storage:} section
 * @param cluster  clustered mode; {@link ClusterSettings#DISABLED} without a {@code cluster:} section
 * @param alerts   the {@code alerts:} section; {@link AlertSettings#defaults()} without one
 * @param recording the {@code recording:} section; {@link RecordingSettings#DEFAULT} when null
 */
public record VigilConfig(
    Path file,
    ServerSettings server,
    DatabaseSettings database,
    StorageSettings storage,
    Path dataDir,
    DetectorSettings detector,
    RegistrationSettings registration,
    List<CameraConfig> cameras,
    ClusterSettings cluster,
    AlertSettings alerts,
    RecordingSettings recording) {

  public VigilConfig {
    cameras = List.copyOf(cameras);
    if (recording == null) recording = RecordingSettings.DEFAULT;
  }

  /** Without a {@code recording:} section. */
  public VigilConfig(Path file, ServerSettings server, DatabaseSettings database, StorageSettings storage, Path dataDir,
      DetectorSettings detector, RegistrationSettings registration, List<CameraConfig> cameras, ClusterSettings cluster,
      AlertSettings alerts) {
    this(file, server, database, storage, dataDir, detector, registration, cameras, cluster, alerts, null);
  }

  public VigilConfig withCluster(ClusterSettings c) {
    return new VigilConfig(file, server, database, storage, dataDir, detector, registration, cameras, c, alerts, recording);
  }

  public VigilConfig withServer(ServerSettings s) {
    return new VigilConfig(file, s, database, storage, dataDir, detector, registration, cameras, cluster, alerts, recording);
  }

  public VigilConfig withDataDir(Path d) {
    return new VigilConfig(file, server, database, storage, d, detector, registration, cameras, cluster, alerts, recording);
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

  /**
   * Loads and validates a file, {@code ${NAME}} secret references in {@code alerts:} resolved from the
   * process environment; throws {@link ConfigException} listing every problem found.
   */
  public static VigilConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** The same with the environment given, so that tests need not set process variables. */
  public static VigilConfig load(Path file, Map<String, String> env) {
    return new YamlConfigLoader(env).load(file);
  }
}
