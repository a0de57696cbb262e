package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.DetectorRuntime;
import io.vigil.analytics.Zone;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return ConfigFiles.write(dir, yaml);
  }

  private String problem(String yaml) throws IOException {
    return ConfigFiles.problem(dir, yaml);
  }

  private static final String GOOD = """
      server:
        bind: 0.0.0.0
        http_port: 9090
        map_tiles: https://tiles.example/{z}/{x}/{y}.png
      detector:
        model: models/yolox.onnx
        score_threshold: 0.35
        runtime: opencv
      cameras:
        - id: gate-1
          name: North gate
          site: Site A
          type: checkpoint
          location: {lat: 14.6, lon: 121.0}
          detect:
            url: rtsp://10.0.0.7:554/sub
            username: admin
            password: ${GATE1_PASSWORD}
          live:
            url: rtsps://10.0.0.7/main
          analytic_fps: 2
          zones:
            - id: lane
              polygon: [[0, 0.2], [1, 0.2], [1, 1], [0, 1]]
              capacity: 8
              capacity_for: 30s
              hysteresis: 2
              gathering: {min_people: 5, distance_m: 1.5, for: 1m}
              line: [[0.5, 0.2], [0.5, 1]]
              crossing_interval: 5m
        - id: ward-3
          detect:
            replay: clips/ward.mp4
            loop: false
      """;

  @Test
  void goodFileLoadsEveryField() throws IOException {
    VigilConfig c = VigilConfig.load(write(GOOD));
    assertEquals(new ServerSettings("0.0.0.0", 9090, "https://tiles.example/{z}/{x}/{y}.png"), c.server());
    assertNull(c.database());
    assertEquals(dir.resolve("data"), c.dataDir());
    assertEquals(dir.resolve("models/yolox.onnx"), c.detector().model());
    assertEquals(0.35, c.detector().scoreThreshold());
    assertEquals(DetectorRuntime.OPENCV, c.detector().runtime());
    assertEquals(2, c.cameras().size());

    CameraConfig gate = c.cameras().get(0);
    assertEquals("gate-1", gate.id());
    assertEquals(CameraType.CHECKPOINT, gate.type());
    assertEquals(new Location(14.6, 121.0), gate.location());
    StreamSource.Rtsp detect = assertInstanceOf(StreamSource.Rtsp.class, gate.detect());
    assertEquals("rtsp://10.0.0.7:554/sub", detect.uri().toString());
    assertEquals("admin", detect.credentials().username());
    assertEquals("${GATE1_PASSWORD}", detect.credentials().passwordRef());
    assertEquals("s3cret", detect.credentials().resolvePassword(Map.of("GATE1_PASSWORD", "s3cret")));
    assertFalse(detect.credentials().toString().contains("GATE1"), "credentials print no secret material");
    assertEquals("rtsps://10.0.0.7/main", gate.live().display());
    assertEquals(2.0, gate.analyticFps());

    Zone lane = gate.zones().get(0);
    assertEquals("lane", lane.id());
    assertEquals(4, lane.polygon().size());
    assertEquals(8, lane.occupancy().capacity());
    assertEquals(Duration.ofSeconds(30), lane.occupancy().hold());
    assertEquals(2, lane.occupancy().hysteresis());
    assertEquals(5, lane.gathering().minPeople());
    assertEquals(1.5, lane.gathering().distanceMetres());
    assertEquals(Duration.ofMinutes(1), lane.gathering().hold());
    assertEquals(0.5, lane.line().a().x());
    assertEquals(Duration.ofMinutes(5), lane.crossingInterval());

    CameraConfig ward = c.cameras().get(1);
    StreamSource.Replay replay = assertInstanceOf(StreamSource.Replay.class, ward.detect());
    assertEquals(dir.resolve("clips/ward.mp4"), replay.file());
    assertFalse(replay.loop());
    assertEquals(ward.detect(), ward.live(), "live view falls back to the detect stream");
    assertEquals(1.0, ward.analyticFps(), "default analytic rate is 1 fps");
    assertEquals(CameraType.QUARANTINE_SITE, ward.type());
    assertEquals(List.of("all"), ward.zones().stream().map(Zone::id).toList(), "no zones means the whole frame");
  }

  @Test
  void shippedFileIsValid() {
    Path shipped = Path.of(System.getProperty("vigil.root", "..")).resolve("cameras.yml");
    VigilConfig c = VigilConfig.load(shipped);
    assertFalse(c.cameras().isEmpty(), "the shipped file defines demo cameras");
  }

  /** Issue #14: running the shipped file dials nothing past this machine, enabled or not. */
  @Test
  void shippedFileNamesNoAddressOutsideThisMachine() throws Exception {
    Path shipped = Path.of(System.getProperty("vigil.root", "..")).resolve("cameras.yml");
    VigilConfig c = VigilConfig.load(shipped);
    for (CameraConfig cam : c.cameras()) {
      for (StreamSource s : new StreamSource[] {cam.detect(), cam.live()}) {
        if (s instanceof StreamSource.Rtsp rtsp) {
          assertTrue(InetAddress.getByName(rtsp.uri().getHost()).isLoopbackAddress(), cam.id() + ": " + s.display());
        }
      }
    }
    // Every host or URL written outside a comment, whichever section it is in (MQTT, webhooks, database).
    Pattern host = Pattern.compile(
        "(?:[a-z][a-z0-9+.-]*://(?:[^@/\\s]*@)?|\\bhost:\\s*)(\\[[0-9a-fA-F:]+]|[^\\s/:,}\\]]+)");
    int seen = 0;
    for (String line : Files.readAllLines(shipped)) {
      String code = line.replaceFirst("(^|\\s)#.*$", "");
      Matcher m = host.matcher(code);
      while (m.find()) {
        seen++;
        String h = m.group(1).replace("[", "").replace("]", "");
        assertTrue(InetAddress.getByName(h).isLoopbackAddress(), "not loopback: " + line);
      }
    }
    assertTrue(seen > 0, "the MQTT broker's host at least is written in the file");
  }

  @Test
  void unknownKeyIsNamedWithItsLine() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {replay: x.mp4}
            capacity: 4
        """);
    assertTrue(p.startsWith(":4: cameras[0].capacity: unknown key"), p);
  }

  @Test
  void misspelledTopLevelKey() throws IOException {
    Path f = write("""
        camera: []
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> VigilConfig.load(f));
    assertEquals(List.of(
        f + ":1: cameras: is required (a list of cameras, possibly empty: cameras: [])",
        f + ":1: camera: unknown key (allowed here: server, database, storage, data_dir, detector, registration, defaults, cameras, cluster, alerts, recording)"),
        e.problems());
  }

  @Test
  void duplicateCameraIds() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {replay: x.mp4}
          - id: a
            detect: {replay: y.mp4}
        """);
    assertTrue(p.startsWith(":4: cameras[1].id: duplicate camera id 'a' (first defined at line 2)"), p);
  }

  @Test
  void duplicateYamlKey() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            id: b
            detect: {replay: x.mp4}
        """);
    assertTrue(p.contains(":3:") && p.contains("duplicate"), p);
  }

  @Test
  void urlSchemeMustBeRtsp() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {url: "http://10.0.0.1/stream"}
        """);
    assertEquals(":3: cameras[0].detect.url: must use rtsp:// or rtsps://", p);
  }

  @Test
  void malformedUrl() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {url: "rtsp://bad host/x"}
        """);
    assertTrue(p.startsWith(":3: cameras[0].detect.url: is not a valid URL"), p);
  }

  @Test
  void inlinePasswordIsRefusedWithoutEchoingIt() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {url: "rtsp://admin:hunter2@10.0.0.1/x"}
        """);
    assertTrue(p.contains("must not contain user or password"), p);
    assertFalse(p.contains("hunter2"), "the error must not repeat the secret");
  }

  @Test
  void literalPasswordIsRefused() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {url: "rtsp://10.0.0.1/x", username: admin, password: hunter2}
        """);
    assertTrue(p.startsWith(":3: cameras[0].detect.password: must reference an environment variable"), p);
    assertFalse(p.contains("hunter2"));
  }

  @Test
  void outOfRangeValues() throws IOException {
    assertEquals(":3: cameras[0].analytic_fps: must be between 0.05 and 30, got 100",
        problem("""
            cameras:
              - {id: a, detect: {replay: x.mp4},
                 analytic_fps: 100}
            """));
    assertEquals(":2: server.http_port: must be between 0 and 65535, got 70000",
        problem("""
            server:
              http_port: 70000
            cameras: []
            """));
    assertTrue(problem("""
        cameras:
          - id: a
            detect: {replay: x.mp4}
            zones:
              - {id: z, polygon: [[0, 0], [1.5, 0], [1, 1]]}
        """).contains("cameras[0].zones[0].polygon: point [1.5, 0.0] is outside the frame"));
    assertTrue(problem("""
        cameras:
          - id: a
            detect: {replay: x.mp4}
            zones:
              - {id: z, capacity: 3, capacity_for: 2 days}
        """).contains("zones[0].capacity_for: must be a duration"));
  }

  @Test
  void wrongTypes() throws IOException {
    assertEquals(":3: cameras[0].analytic_fps: must be a number", problem("""
        cameras:
          - id: a
            analytic_fps: fast
            detect: {replay: x.mp4}
        """));
    assertEquals(":3: cameras[0].enabled: must be true or false", problem("""
        cameras:
          - id: a
            enabled: maybe
            detect: {replay: x.mp4}
        """));
    assertEquals(":1: cameras: must be a list", problem("""
        cameras: {id: a}
        """));
  }

  @Test
  void badIdsAndTypes() throws IOException {
    assertTrue(problem("""
        cameras:
          - id: "../etc"
            detect: {replay: x.mp4}
        """).startsWith(":2: cameras[0].id: must be lower-case letters"));
    assertTrue(problem("""
        cameras:
          - id: a
            type: stadium
            detect: {replay: x.mp4}
        """).startsWith(":3: cameras[0].type: must be quarantine_site or checkpoint"));
  }

  @Test
  void sourceNeedsExactlyOneOfUrlOrReplay() throws IOException {
    assertTrue(problem("""
        cameras:
          - id: a
            detect: {url: "rtsp://10.0.0.1/x", replay: x.mp4}
        """).contains("give exactly one of url"));
    assertTrue(problem("""
        cameras:
          - id: a
        """).contains("cameras[0].detect: is required"));
  }

  @Test
  void syntaxErrorNamesTheLine() throws IOException {
    String p = problem("""
        cameras:
          - id: a
            detect: {replay: x.mp4
        """);
    assertTrue(p.matches(":\\d+: YAML syntax: .*"), p);
  }

  @Test
  void emptyMissingAndBinaryFiles() throws IOException {
    assertTrue(problem("").contains("is empty"));
    Path missing = dir.resolve("nope.yml");
    ConfigException e = assertThrows(ConfigException.class, () -> VigilConfig.load(missing));
    assertTrue(e.getMessage().contains("not found"));
    Path binary = dir.resolve("bin.yml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    e = assertThrows(ConfigException.class, () -> VigilConfig.load(binary));
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
  }

  @Test
  void aliasBombIsRefused() throws IOException {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      y.append("]\n");
    }
    y.append("cameras: []\n");
    Path f = write(y.toString());
    assertThrows(ConfigException.class, () -> VigilConfig.load(f));
  }

  @Test
  void everyProblemIsReportedAtOnce() throws IOException {
    Path f = write("""
        cameras:
          - id: a
            detect: {url: "ftp://x/y"}
            analytic_fps: 0
          - id: b
            detect: {replay: x.mp4}
            colour: red
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> VigilConfig.load(f));
    assertEquals(3, e.problems().size(), e.problems().toString());
  }

}
