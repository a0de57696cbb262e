package io.vigil.config;

import io.vigil.analytics.CountingLine;
import io.vigil.analytics.GatheringRule;
import io.vigil.analytics.OccupancyRule;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/** Reads {@code cameras.yml} strictly: every problem is reported with file, line and key. */
final class YamlConfigLoader {
  /** Ids appear in URLs, topics and metric labels, so keep them to a safe alphabet. */
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  /** Far beyond any real deployment file; a bigger one is a mistake or an attack on the parser. */
  private static final long MAX_FILE_BYTES = 4L << 20;
  private static final int MAX_CAMERAS = 2000;
  private static final int MAX_ZONES = 32;
  private static final int MAX_POLYGON_POINTS = 64;
  private static final int MAX_TEXT = 200;

  private final Map<String, String> env;

  YamlConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public VigilConfig load(Path file) {
    Problems problems = new Problems(file);
    Node root = parse(file, problems);
    if (!problems.isEmpty()) throw new ConfigException(problems.list());
    Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));

    MapReader top = new MapReader(root, "", problems);
    ServerSettings server = PlatformSections.server(top.map("server"));
    DatabaseSettings database = PlatformSections.database(top.map("database"));
    StorageSettings storage = PlatformSections.storage(top.map("storage"));
    Path dataDir = base.resolve(top.string("data_dir", "data", 4096)).normalize();
    DetectorSettings detector = PlatformSections.detector(top.map("detector"), base);
    RegistrationSettings registration = PlatformSections.registration(top.map("registration"));
    MapReader defaults = top.map("defaults");
    double defaultFps = defaults == null ? 1.0 : defaults.number("analytic_fps", 1.0, 0.05, 30);
    if (defaults != null) defaults.finish();

    List<CameraConfig> cameras = new ArrayList<>();
    Map<String, Node> ids = new HashMap<>();
    if (!top.has("cameras")) {
      problems.add(root, "cameras", "is required (a list of cameras, possibly empty: cameras: [])");
    }
    for (Node n : top.list("cameras", MAX_CAMERAS)) {
      MapReader cam = new MapReader(n, "cameras[" + cameras.size() + "]", problems);
      CameraConfig c = camera(cam, base, defaultFps, problems);
      if (c != null) {
        Node previous = ids.putIfAbsent(c.id(), n);
        if (previous != null) {
          problems.add(cam.value("id"), cam.key("id"), "duplicate camera id '" + c.id() + "' (first defined at line "
              + (previous.getStartMark().map(m -> m.getLine() + 1).orElse(0)) + ")");
        }
        cameras.add(c);
      }
    }
    ClusterSettings cluster = PlatformSections.cluster(top.map("cluster"));
    if (cluster.enabled() && database == null) {
      top.problem("cluster", "needs a shared database: add a database: section; an embedded PostgreSQL per node "
          + "would give every node its own alerts and cameras");
    }
    Node alertsNode = top.value("alerts");
    AlertSettings alerts = AlertSettings.defaults();
    try {
      alerts = AlertSettings.parse(MapReader.isNull(alertsNode) ? null : alertsNode, file.toString(), env);
    } catch (ConfigException e) {
      problems.list().addAll(e.problems());
    }
    RecordingSettings recording = RecordSettingsParser.recording(top.map("recording"));
    top.finish();
    if (!problems.isEmpty()) throw new ConfigException(problems.list());
    return new VigilConfig(file, server, database, storage, dataDir, detector, registration, cameras, cluster, alerts,
        recording);
  }

  private static Node parse(Path file, Problems problems) {
    try {
      if (!Files.isRegularFile(file)) {
        problems.addFileLevel("not found or not a regular file");
        return null;
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.addFileLevel("larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        return null;
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
      LoadSettings settings = LoadSettings.builder()
          .setLabel(file.toString())
          .setAllowDuplicateKeys(false)
          // Anchors and aliases are how "billion laughs" documents blow up; a camera list never needs many.
          .setMaxAliasesForCollections(20)
          .setCodePointLimit((int) MAX_FILE_BYTES)
          .build();
      Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      Optional<Node> node = composer.getSingleNode();
      if (node.isEmpty()) {
        problems.addFileLevel("is empty (expected at least 'cameras:')");
        return null;
      }
      return node.get();
    } catch (CharacterCodingException e) {
      problems.addFileLevel("is not valid UTF-8");
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      problems.addAtLine(line, "YAML syntax: " + firstLine(e.getProblem()));
    } catch (YamlEngineException e) {
      problems.addFileLevel("YAML syntax: " + firstLine(e.getMessage()));
    } catch (IOException e) {
      problems.addFileLevel("cannot be read: " + e.getMessage());
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) return "invalid document";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static CameraConfig camera(MapReader m, Path base, double defaultFps, Problems problems) {
    String id = m.required("id", 63);
    if (id != null && !ID.matcher(id).matches()) {
      m.problem("id", "must be lower-case letters, digits, '-' or '_' (at most 63, starting with a letter or digit)");
    }
    String name = m.string("name", id, MAX_TEXT);
    String site = m.string("site", "default", MAX_TEXT);
    CameraType type = CameraType.QUARANTINE_SITE;
    String typeText = m.string("type", "quarantine_site", 40);
    try {
      type = CameraType.parse(typeText);
    } catch (IllegalArgumentException e) {
      m.problem("type", "must be quarantine_site or checkpoint, got '" + typeText + "'");
    }
    Location location = location(m.map("location"));
    StreamSource detect = null;
    MapReader detectMap = m.map("detect");
    if (detectMap == null) m.problem("detect", "is required (url: rtsp://... or replay: <file>)");
    else detect = source(detectMap, base);
    MapReader liveMap = m.map("live");
    StreamSource live = liveMap == null ? null : source(liveMap, base);
    double fps = m.number("analytic_fps", defaultFps, 0.05, 30);
    boolean enabled = m.bool("enabled", true);
    RecordSettings record = RecordSettingsParser.camera(m.map("record"));

    List<Zone> zones = new ArrayList<>();
    Map<String, Boolean> zoneIds = new HashMap<>();
    for (Node z : m.list("zones", MAX_ZONES)) {
      MapReader zr = new MapReader(z, m.key("zones[" + zones.size() + "]"), problems);
      Zone zone = zone(zr);
      if (zone != null) {
        if (zoneIds.putIfAbsent(zone.id(), true) != null) zr.problem("id", "duplicate zone id '" + zone.id() + "'");
        zones.add(zone);
      }
    }
    m.finish();
    if (id == null || detect == null) return null;
    if (zones.isEmpty()) zones.add(Zone.wholeFrame("all"));
    return new CameraConfig(id, name, site, type, location, detect, live, fps, zones, enabled, null, record);
  }

  private static Location location(MapReader m) {
    if (m == null) return null;
    double lat = m.number("lat", 0, -90, 90);
    double lon = m.number("lon", 0, -180, 180);
    if (!m.has("lat") || !m.has("lon")) m.problem(m.has("lat") ? "lon" : "lat", "is required in a location");
    m.finish();
    return new Location(lat, lon);
  }

  private static StreamSource source(MapReader m, Path base) {
    String url = m.string("url", null, 2000);
    String replay = m.string("replay", null, 4096);
    StreamSource result = null;
    if ((url == null) == (replay == null)) {
      m.problem(url == null ? "url" : "replay", "give exactly one of url (rtsp/rtsps) or replay (a video file)");
    } else if (url != null) {
      URI uri = rtspUri(m, url);
      String user = m.string("username", null, MAX_TEXT);
      String password = PlatformSections.secretRef(m, "password");
      if (password != null && user == null) m.problem("password", "needs a username");
      if (uri != null) {
        result = new StreamSource.Rtsp(uri, user == null ? Credentials.none() : Credentials.referenced(user, password));
      }
    } else {
      boolean loop = m.bool("loop", true);
      result = new StreamSource.Replay(base.resolve(replay).normalize(), loop);
    }
    m.finish();
    return result;
  }

  private static URI rtspUri(MapReader m, String url) {
    try {
      return StreamUrls.rtsp(url);
    } catch (IllegalArgumentException e) {
      m.problem("url", e.getMessage());
      return null;
    }
  }

  private static Zone zone(MapReader m) {
    String id = m.required("id", 63);
    if (id != null && !ID.matcher(id).matches()) {
      m.problem("id", "must be lower-case letters, digits, '-' or '_'");
    }
    List<Point> polygon = points(m, "polygon", MAX_POLYGON_POINTS);
    if (polygon != null && polygon.size() < 3) {
      m.problem("polygon", "needs at least 3 points");
      polygon = null;
    } else if (polygon == null && !m.has("polygon")) {
      polygon = Zone.wholeFrame("x").polygon();
    }

    OccupancyRule occupancy = null;
    if (m.has("capacity")) {
      int capacity = m.integer("capacity", 0, 0, 100_000);
      Duration hold = m.duration("capacity_for", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1));
      int hysteresis = m.integer("hysteresis", 1, 0, 1000);
      occupancy = new OccupancyRule(capacity, hold, hysteresis);
    } else {
      for (String k : List.of("capacity_for", "hysteresis")) {
        if (m.has(k)) m.problem(k, "only applies with capacity");
      }
    }
    GatheringRule gathering = null;
    MapReader g = m.map("gathering");
    if (g != null) {
      gathering = new GatheringRule(
          g.integer("min_people", 5, 2, 1000),
          g.number("distance_m", 2.0, 0.1, 50),
          g.duration("for", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1)));
      g.finish();
    }
    CountingLine line = null;
    List<Point> linePoints = points(m, "line", 2);
    if (linePoints != null) {
      if (linePoints.size() != 2 || linePoints.get(0).equals(linePoints.get(1))) {
        m.problem("line", "must be two distinct points [[x,y],[x,y]]");
      } else {
        line = new CountingLine(linePoints.get(0), linePoints.get(1));
      }
    }
    Duration interval = m.duration("crossing_interval", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1));
    m.finish();
    if (id == null || polygon == null) return null;
    return new Zone(id, polygon, occupancy, gathering, line, interval);
  }

  /** A list of [x, y] pairs in normalised coordinates. Returns null when absent or invalid. */
  private static List<Point> points(MapReader m, String key, int max) {
    Node v = m.value(key);
    if (v == null || MapReader.isNull(v)) return null;
    if (!(v instanceof SequenceNode seq)) {
      m.problem(key, "must be a list of [x, y] points");
      return null;
    }
    if (seq.getValue().size() > max) {
      m.problem(key, "has more than " + max + " points");
      return null;
    }
    List<Point> out = new ArrayList<>();
    for (Node p : seq.getValue()) {
      Double x = null;
      Double y = null;
      if (p instanceof SequenceNode pair && pair.getValue().size() == 2) {
        x = MapReader.parseNumber(pair.getValue().get(0));
        y = MapReader.parseNumber(pair.getValue().get(1));
      }
      if (x == null || y == null) {
        m.problem(key, "each point must be [x, y] with numbers");
        return null;
      }
      if (x < 0 || x > 1 || y < 0 || y > 1) {
        m.problem(key, "point [" + x + ", " + y + "] is outside the frame; coordinates are normalised to 0..1");
        return null;
      }
      out.add(new Point(x, y));
    }
    return out;
  }
}
