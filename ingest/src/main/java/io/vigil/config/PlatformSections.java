package io.vigil.config;

import io.vigil.analytics.DetectorRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The sections of {@code cameras.yml} that configure the platform rather than a camera: server,
 * database, storage, detector, registration and cluster. Each reads its map strictly and reports every
 * problem with its line through the {@link MapReader}. Called by {@link YamlConfigLoader} on the
 * loading thread only.
 */
final class PlatformSections {
  private static final Pattern SECRET_REF = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
  private static final int MAX_TEXT = 200;
  /** ByteTrack's split: detections above this start tracks, weaker ones only extend them. */
  private static final double DEFAULT_SCORE = 0.5;

  private PlatformSections() {}

  static ServerSettings server(MapReader m) {
    if (m == null) return ServerSettings.DEFAULT;
    ServerSettings s = new ServerSettings(
        m.string("bind", ServerSettings.DEFAULT.bind(), 255),
        m.integer("http_port", ServerSettings.DEFAULT.httpPort(), 0, 65535),
        m.string("map_tiles", null, 1000));
    if (s.mapTiles() != null && !(s.mapTiles().startsWith("https://") || s.mapTiles().startsWith("http://"))) {
      m.problem("map_tiles", "must be an http(s) URL template such as https://tiles.example/{z}/{x}/{y}.png");
    }
    m.finish();
    return s;
  }

  static ClusterSettings cluster(MapReader m) {
    ClusterSettings d = ClusterSettings.DISABLED;
    if (m == null) return d;
    boolean enabled = m.bool("enabled", true);
    String host = m.string("host", d.host(), 255);
    int port = m.integer("port", d.port(), 1, 65535);
    List<String> members = new ArrayList<>();
    for (Node n : m.list("members", 256)) {
      String p = n instanceof ScalarNode s && !MapReader.isNull(n) ? ClusterSettings.checkMember(s.getValue())
          : "entries must be host:port, such as 10.0.0.5:5701";
      if (p != null) m.problem("members", p);
      else members.add(((ScalarNode) n).getValue());
    }
    String busHost = m.string("event_bus_host", host, 255);
    int busPort = m.integer("event_bus_port", d.eventBusPort(), 0, 65535);
    String busPublic = m.string("event_bus_public_host", null, 255);
    m.finish();
    return new ClusterSettings(enabled, host, port, members, busHost, busPort, busPublic);
  }

  static RegistrationSettings registration(MapReader m) {
    if (m == null) return RegistrationSettings.DEFAULT;
    List<String> networks = new ArrayList<>();
    for (Node n : m.list("allowed_networks", 256)) {
      if (n instanceof ScalarNode s && !MapReader.isNull(n)) {
        networks.add(s.getValue());
      } else {
        m.problem("allowed_networks", "entries must be networks in CIDR form, such as 10.20.0.0/16");
      }
    }
    m.finish();
    try {
      return new RegistrationSettings(networks);
    } catch (IllegalArgumentException e) {
      m.problem("allowed_networks", e.getMessage());
      return RegistrationSettings.DEFAULT;
    }
  }

  static DatabaseSettings database(MapReader m) {
    if (m == null) return null;
    String url = m.required("url", 1000);
    if (url != null && !url.startsWith("jdbc:postgresql://")) {
      m.problem("url", "must be a jdbc:postgresql:// URL");
    }
    String user = m.string("user", "postgres", MAX_TEXT);
    String password = secretRef(m, "password");
    m.finish();
    return new DatabaseSettings(url, user, password);
  }

  static StorageSettings storage(MapReader m) {
    if (m == null) return StorageSettings.DEFAULT;
    StorageSettings s = new StorageSettings(
        m.duration("retention", null, StorageSettings.MIN_RETENTION, StorageSettings.MAX_RETENTION),
        m.duration("alert_retention", null, StorageSettings.MIN_RETENTION, StorageSettings.MAX_RETENTION),
        m.duration("compress_after", null, StorageSettings.MIN_COMPRESS_AFTER, StorageSettings.MAX_RETENTION));
    m.finish();
    return s;
  }

  static DetectorSettings detector(MapReader m, Path base) {
    Path defaultModel = base.resolve("../shared/models/yolox-nano/yolox_nano.onnx").normalize();
    if (m == null) return new DetectorSettings(defaultModel, DEFAULT_SCORE, DetectorRuntime.ONNXRUNTIME);
    String model = m.string("model", null, 4096);
    String runtimeText = m.string("runtime", DetectorRuntime.ONNXRUNTIME.key(), 40);
    DetectorRuntime runtime = DetectorRuntime.ONNXRUNTIME;
    try {
      runtime = DetectorRuntime.parse(runtimeText);
    } catch (IllegalArgumentException e) {
      m.problem("runtime", e.getMessage());
    }
    DetectorSettings d = new DetectorSettings(
        model == null ? defaultModel : (model.equalsIgnoreCase("hog") ? null : base.resolve(model).normalize()),
        m.number("score_threshold", DEFAULT_SCORE, 0.05, 0.95), runtime);
    m.finish();
    return d;
  }

  static String secretRef(MapReader m, String key) {
    String v = m.string(key, null, MAX_TEXT);
    if (v != null && !SECRET_REF.matcher(v).matches()) {
      m.problem(key, "must reference an environment variable such as ${CAM_PASSWORD}; secrets are never written in this file");
      return null;
    }
    return v;
  }
}
