package io.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.testing.TestSharedFiles;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Vigil nodes as separate JVMs ({@code vigil run --cluster}) on 127.0.0.1 sharing one fresh
 * database on the local PostgreSQL, with six demo cameras replaying the PETS clip and a zone whose
 * capacity of one the clip always exceeds, so that every camera has an alert open. One node is killed
 * with SIGKILL; its cameras must be pulled again by the two others within 15 s, and their alerts must
 * continue: none lost, none opened twice. The node then comes back and gets two cameras again, which
 * keep their alerts too. Last, a camera registered through one node's API is pulled by exactly one
 * node, and removed through another; and a node stopped with SIGTERM hands its cameras over.
 *
 * <p>Every node delivers to one webhook receiver here, which counts what reaches the outside world: each
 * alert opened once, an acknowledgement or a resolution made through a node that does not pull the
 * camera delivered once (by its owner), and the alert of a camera no node pulls closed once (by one node).
 */
class ClusterIT {
  private static final Path SHARED = ClusterNodes.SHARED;
  private static final String SERVER = ClusterNodes.SERVER;
  private static final int NODES = 3;
  private static final int CAMERAS = 6;
  /** A camera no longer configured that left an alert open. */
  private static final String GONE = "cam-gone";
  /** The bound for a dead node's cameras to be pulled again. */
  private static final Duration TAKEOVER = Duration.ofSeconds(15);

  @TempDir Path dir;
  private ClusterNodes nodes;
  private HttpServer hooks;
  /** Webhook deliveries received: event, alert id, delivery id. */
  private final List<Hook> received = new CopyOnWriteArrayList<>();

  record Hook(String event, UUID alertId, String cameraId, String delivery, JsonObject alert) {}

  @AfterEach
  void stop() throws Exception {
    if (hooks != null) hooks.stop(0);
    if (nodes != null) nodes.close();
  }

  @Test
  void aKilledNodesCamerasAreTakenOverAndItsAlertsContinue() throws Exception {
    Path clip = TestSharedFiles.require("data/pets09-s2l1/vtest.avi");
    // A restarted node writes a new log: the rejoin checks below read only what it logged.
    nodes = new ClusterNodes(dir, NODES, "cluster-it", Map.of("CLUSTER_IT_HOOK_SECRET", "cluster-it-secret"), false);
    String database = nodes.createDatabase("vigil_cluster_");
    StringBuilder cams = new StringBuilder();
    for (int i = 0; i < CAMERAS; i++) {
      cams.append("""
            - id: cam-%d
              site: Site 1
              detect: {replay: %s, loop: true}
              zones:
                - {id: walkway, polygon: [[0, 0.2], [1, 0.2], [1, 1], [0, 1]], capacity: 1, capacity_for: 2s, hysteresis: 0}
          """.formatted(i, clip));
    }
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext("/hook", ex -> {
      try (ex) {
        JsonObject body = new JsonObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        JsonObject alert = body.getJsonObject("alert");
        received.add(new Hook(body.getString("event"), UUID.fromString(alert.getString("id")), alert.getString("cameraId"),
            ex.getRequestHeaders().getFirst("X-Vigil-Delivery"), alert));
        ex.sendResponseHeaders(204, -1);
      }
    });
    hooks.start();
    Path cfg = dir.resolve("cameras.yml");
    // Offline and degraded alerts would depend on how loaded the machine is; the crowd alerts do not.
    Files.writeString(cfg, """
        server: {bind: 127.0.0.1, http_port: 0}
        database: {url: "%s%s", user: postgres}
        detector: {model: %s}
        defaults: {analytic_fps: 1}
        # The test's RTSP server for the registered camera is on loopback, which only an allow-list admits.
        registration: {allowed_networks: [127.0.0.0/8]}
        alerts:
          clear_after: 30s
          offline_after: 10m
          degraded_after: 1h
          sites:
            Site 1:
              webhooks: [{url: "http://127.0.0.1:%4$d/hook", secret: "${CLUSTER_IT_HOOK_SECRET}"}]
            # The site of a camera no longer configured is unknown: its alerts go to the default entry.
            "*":
              webhooks: [{url: "http://127.0.0.1:%4$d/hook", secret: "${CLUSTER_IT_HOOK_SECRET}"}]
        cameras:
        %5$s""".formatted(SERVER, database, SHARED.resolve("models/yolox-nano/yolox_nano.onnx"),
        hooks.getAddress().getPort(), cams));

    String cookie = nodes.startAll(cfg);
    int[] web = nodes.webPorts();

    // An alert left open by a camera that is no longer configured (removed while its crowd lasted):
    // no node pulls it, so exactly one node (the keeper) must continue it and close it once clear.
    UUID gone = UUID.randomUUID();
    try (Connection c = nodes.connect();
        PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, time, camera_id, zone_id, kind, "
            + "severity, value, threshold, state) VALUES (?, now() - interval '1 minute', ?, 'walkway', "
            + "'over_capacity', 'warning', 5, 1, 'open')")) {
      ps.setObject(1, gone);
      ps.setString(2, GONE);
      ps.executeUpdate();
    }

    // Assignment: every camera pulled by exactly one node, two each.
    JsonObject view = nodes.waitFor(Duration.ofSeconds(120), "three ready members pulling two cameras each", () -> {
      JsonObject v = nodes.get(web[0], cookie, "/api/v1/cluster");
      return balanced(v, NODES) ? v : null;
    });
    Map<String, String> owner = ClusterViews.owners(view);
    assertEquals(CAMERAS, owner.size(), view.encodePrettily());
    // Any node shows every camera's health, also those pulled by the others.
    for (int i = 0; i < NODES; i++) {
      int port = web[i];
      nodes.waitFor(Duration.ofSeconds(90), "node " + i + " sees all cameras online",
          () -> ClusterViews.online(nodes.get(port, cookie, "/api/v1/cameras"), Instant.EPOCH).size() == CAMERAS ? true : null);
    }

    // A viewer on any node sees the live analysis of every camera, wherever it is pulled.
    assertEquals(allCameras(), ClusterViews.liveCameras(nodes.http(), web[2], cookie, Duration.ofSeconds(60), allCameras()), "SSE on node 2");
    nodes.waitFor(Duration.ofSeconds(30), "node 0's counts cover every camera", () -> {
      Set<String> counted = new TreeSet<>();
      nodes.get(web[0], cookie, "/api/v1/counts").getJsonArray("items")
          .forEach(o -> counted.add(((JsonObject) o).getString("cameraId")));
      return counted.equals(allCameras()) ? true : null;
    });
    // The latest frame of a camera pulled by another node comes from that node.
    String node0 = ClusterViews.nodeAt(view, web[0]);
    String elsewhere = owner.entrySet().stream().filter(e -> !e.getValue().equals(node0)).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    nodes.waitFor(Duration.ofSeconds(30), "node 0 serves a JPEG of " + elsewhere, () -> {
      HttpResponse<byte[]> r = nodes.http().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + web[0] + "/api/v1/cameras/" + elsewhere + "/frame.jpg"))
          .header("Cookie", cookie).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 && r.headers().firstValue("content-type").orElse("").equals("image/jpeg")
          && r.body().length > 1000 && (r.body()[0] & 0xff) == 0xff && (r.body()[1] & 0xff) == 0xd8 ? true : null;
    });

    // Every camera's crowd alert is open and stored before the kill.
    Map<String, UUID> before = nodes.waitFor(Duration.ofSeconds(120), "an open over-capacity alert per camera", () -> {
      Map<String, UUID> open = openCrowdAlerts();
      return open.size() == CAMERAS ? open : null;
    });

    // SIGKILL the node with index 1: no goodbye to the cluster, no flush.
    String victim = ClusterViews.nodeAt(view, web[1]);
    Set<String> orphans = new TreeSet<>();
    owner.forEach((cam, node) -> {
      if (node.equals(victim)) orphans.add(cam);
    });
    assertEquals(2, orphans.size(), view.encodePrettily());
    Instant killed = Instant.now();
    nodes.process(1).destroyForcibly();
    assertTrue(nodes.process(1).waitFor(10, TimeUnit.SECONDS));
    // No status of the dead node can carry a frame later than this.
    Instant dead = Instant.now();

    // Within 15 s its cameras deliver fresh frames again, pulled by the survivors.
    JsonObject after = nodes.waitFor(TAKEOVER.minus(Duration.between(killed, dead)), "the killed node's cameras online on the survivors", () -> {
      JsonObject v = nodes.get(web[0], cookie, "/api/v1/cluster");
      if (!balanced(v, NODES - 1)) return null;
      Set<String> fresh = ClusterViews.online(nodes.get(web[0], cookie, "/api/v1/cameras"), dead);
      return fresh.containsAll(orphans) ? v : null;
    });
    Duration took = Duration.between(killed, Instant.now());
    System.out.println("ClusterIT: " + orphans + " pulled again " + took.toMillis() + " ms after the kill");
    Map<String, String> owner2 = ClusterViews.owners(after);
    for (String cam : orphans) assertFalse(owner2.get(cam).equals(victim), after.encodePrettily());
    for (Map.Entry<String, String> e : owner.entrySet()) {
      // Bounded loads may move a camera between survivors; never to the dead node.
      assertTrue(!owner2.get(e.getKey()).equals(victim));
    }

    // The new owners continue the open alerts: a few seconds of analysis later, each camera still has
    // exactly the alert it had before the kill, and no second one was opened.
    Thread.sleep(8_000);
    Map<String, List<UUID>> unresolved = unresolvedCrowdAlerts();
    for (Map.Entry<String, UUID> e : before.entrySet()) {
      assertEquals(List.of(e.getValue()), unresolved.get(e.getKey()),
          "camera/zone " + e.getKey() + ": the alert open before the kill continues, and only it: " + unresolved);
    }
    assertEquals(before.keySet(), unresolved.keySet(), unresolved.toString());

    // The node comes back (a new member, same ports): cameras are rebalanced onto it, and the ones it
    // gets are handed over with their alerts, again without a second alert.
    nodes.restart(1);
    Instant rejoined = Instant.now();
    JsonObject rebalanced = nodes.waitFor(Duration.ofSeconds(60), "two cameras each on three nodes again", () -> {
      JsonObject v = nodes.get(web[0], cookie, "/api/v1/cluster");
      return balanced(v, NODES) ? v : null;
    });
    String back = ClusterViews.nodeAt(rebalanced, web[1]);
    Set<String> moved = new TreeSet<>();
    ClusterViews.owners(rebalanced).forEach((cam, node) -> {
      if (node.equals(back)) moved.add(cam);
    });
    assertEquals(2, moved.size(), rebalanced.encodePrettily());
    nodes.waitFor(Duration.ofSeconds(30), "the rejoined node's cameras deliver frames", () ->
        ClusterViews.online(nodes.get(web[2], cookie, "/api/v1/cameras"), rejoined).containsAll(moved) ? true : null);
    Thread.sleep(8_000);
    Map<String, List<UUID>> afterRejoin = unresolvedCrowdAlerts();
    for (Map.Entry<String, UUID> e : before.entrySet()) {
      assertEquals(List.of(e.getValue()), afterRejoin.get(e.getKey()),
          "camera/zone " + e.getKey() + " after the rebalance: " + afterRejoin);
    }
    // The handover order: the rejoined node started each camera it got only after the live previous
    // owner had stopped it and stored its alerts, and said so (a timeout would log "not released").
    Map<String, String> owner3 = ClusterViews.owners(rebalanced);
    String rejoinLog = Files.readString(nodes.log(1));
    for (String cam : moved) {
      String from = owner2.get(cam);
      assertTrue(rejoinLog.contains("Camera " + cam + " released by node " + from),
          cam + " was pulled by " + from + " before the rejoin; node 1's log:\n" + rejoinLog);
    }
    assertFalse(rejoinLog.contains("not released by node"), rejoinLog);
    assertOpenedOnce(before);

    // An acknowledgement made through a node that does not pull the camera reaches its owner's engine,
    // which delivers it once and goes on from there: no second alert, and a resolution made through the
    // third node ends that same alert once.
    String ackCamera = "cam-0";
    String ackOwner = owner3.get(ackCamera);
    int[] others = IntStream.range(0, NODES).filter(i -> !ClusterViews.nodeAt(rebalanced, web[i]).equals(ackOwner))
        .toArray();
    UUID acked = before.get(ackCamera + "/walkway");
    HttpResponse<String> ack = nodes.send(web[others[0]], cookie, "POST", "/api/v1/alerts/" + acked + "/acknowledge",
        new JsonObject().put("note", "seen").encode());
    assertEquals(200, ack.statusCode(), ack.body());
    nodes.waitFor(Duration.ofSeconds(30), "the acknowledgement delivered", () -> deliveries("acknowledged", acked) == 1 ? true : null);
    // Several seconds of the same crowd later: still the one alert, acknowledged, delivered once.
    Thread.sleep(5_000);
    assertEquals(List.of(acked), unresolvedCrowdAlerts().get(ackCamera + "/walkway"));
    assertEquals(1, deliveries("acknowledged", acked), received.toString());
    assertEquals("acknowledged", alertState(acked));
    HttpResponse<String> res = nodes.send(web[others[1]], cookie, "POST", "/api/v1/alerts/" + acked + "/resolve", null);
    assertEquals(200, res.statusCode(), res.body());
    nodes.waitFor(Duration.ofSeconds(30), "the resolution delivered", () -> deliveries("closed", acked) == 1 ? true : null);
    Thread.sleep(5_000);
    assertEquals(1, deliveries("closed", acked), received.toString());
    assertEquals("admin", received.stream().filter(h -> h.event().equals("closed") && h.alertId().equals(acked))
        .findFirst().orElseThrow().alert().getString("resolvedBy"));
    // The crowd is still there, but its owner does not open a new alert for the condition a user resolved.
    assertEquals(null, unresolvedCrowdAlerts().get(ackCamera + "/walkway"), unresolvedCrowdAlerts().toString());
    assertOpenedOnce(before);

    // A camera registered through one node's API is pulled by the node the assignment gives it, and a
    // removal through another node stops it there.
    Path regClip = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    try (TestRtspServer rtsp = new TestRtspServer().h264("cam", regClip).start()) {
      JsonObject body = new JsonObject().put("id", "cam-reg").put("name", "Registered").put("site", "Site 1")
          .put("type", "checkpoint").put("url", rtsp.uri("cam").toString());
      HttpResponse<String> created = nodes.send(web[2], cookie, "POST", "/api/v1/cameras", body.encode());
      assertEquals(201, created.statusCode(), created.body());
      Set<String> seven = new TreeSet<>(allCameras());
      seven.add("cam-reg");
      Instant registered = Instant.now();
      nodes.waitFor(Duration.ofSeconds(60), "the registered camera pulled by one node and online everywhere", () -> {
        JsonObject v = nodes.get(web[0], cookie, "/api/v1/cluster");
        return ClusterViews.balanced(v, NODES, seven) && ClusterViews.online(nodes.get(web[1], cookie, "/api/v1/cameras"), registered)
            .contains("cam-reg") ? true : null;
      });
      HttpResponse<String> removed = nodes.send(web[0], cookie, "DELETE", "/api/v1/cameras/cam-reg", null);
      assertTrue(removed.statusCode() / 100 == 2, removed.statusCode() + " " + removed.body());
      nodes.waitFor(Duration.ofSeconds(30), "no node pulls the removed camera", () ->
          balanced(nodes.get(web[0], cookie, "/api/v1/cluster"), NODES) ? true : null);
    }

    // A node that stops (SIGTERM) hands its cameras over before it leaves.
    JsonObject last = nodes.get(web[0], cookie, "/api/v1/cluster");
    String leaving = ClusterViews.nodeAt(last, web[2]);
    Set<String> handed = new TreeSet<>();
    ClusterViews.owners(last).forEach((cam, node) -> {
      if (node.equals(leaving)) handed.add(cam);
    });
    Instant stopped = Instant.now();
    nodes.process(2).destroy();
    nodes.waitFor(TAKEOVER, "the stopped node's cameras online on the others", () -> {
      JsonObject v = nodes.get(web[0], cookie, "/api/v1/cluster");
      return balanced(v, NODES - 1) && ClusterViews.online(nodes.get(web[0], cookie, "/api/v1/cameras"), stopped).containsAll(handed)
          ? true : null;
    });
    System.out.println("ClusterIT: " + handed + " handed over " + Duration.between(stopped, Instant.now()).toMillis()
        + " ms after SIGTERM");
    assertTrue(nodes.process(2).waitFor(60, TimeUnit.SECONDS), "the stopped node exits");

    // The alert of the camera no node pulls was closed by one node, and delivered once.
    nodes.waitFor(Duration.ofSeconds(120), "the alert of the removed camera closed", () ->
        "resolved".equals(alertState(gone)) ? true : null);
    Thread.sleep(3_000);
    assertEquals(1, deliveries("closed", gone), received.toString());
    assertEquals("vigil", received.stream().filter(h -> h.event().equals("closed") && h.alertId().equals(gone))
        .findFirst().orElseThrow().alert().getString("resolvedBy"));
    // Migrations ran once although three nodes started together.
    try (Connection c = nodes.connect();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*), count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL")) {
      rs.next();
      assertEquals(rs.getLong(2), rs.getLong(1), "each migration applied once");
    }
  }

  /** Distinct webhook deliveries of {@code event} for the alert. */
  private long deliveries(String event, UUID alert) {
    return received.stream().filter(h -> h.event().equals(event) && h.alertId().equals(alert)).map(Hook::delivery)
        .distinct().count();
  }

  /** Each camera's crowd alert was opened (and delivered) once: the one open before the kill. */
  private void assertOpenedOnce(Map<String, UUID> before) {
    for (Map.Entry<String, UUID> e : before.entrySet()) {
      String cam = e.getKey().substring(0, e.getKey().indexOf('/'));
      List<UUID> opened = received.stream().filter(h -> h.event().equals("opened") && h.cameraId().equals(cam)
          && "over_capacity".equals(h.alert().getString("kind"))).map(Hook::alertId).distinct().toList();
      assertEquals(List.of(e.getValue()), opened, cam + ": " + received);
      assertEquals(1, deliveries("opened", e.getValue()), cam + ": " + received);
    }
  }

  private String alertState(UUID id) throws Exception {
    try (Connection c = nodes.connect();
        PreparedStatement ps = c.prepareStatement("SELECT state FROM alerts WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** {@code members} ready members, and every camera pulled by exactly one of them, loads differing by one at most. */
  private static boolean balanced(JsonObject view, int members) {
    return ClusterViews.balanced(view, members, allCameras());
  }

  private static Set<String> allCameras() {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < CAMERAS; i++) out.add("cam-" + i);
    return out;
  }

  /**
   * camera/zone to its open (or acknowledged) over-capacity alert, one per key or the map says otherwise;
   * the configured cameras only.
   */
  private Map<String, UUID> openCrowdAlerts() throws Exception {
    Map<String, UUID> out = new HashMap<>();
    unresolvedCrowdAlerts().forEach((k, ids) -> out.put(k, ids.get(0)));
    return out;
  }

  private Map<String, List<UUID>> unresolvedCrowdAlerts() throws Exception {
    Map<String, List<UUID>> out = new HashMap<>();
    try (Connection c = nodes.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT camera_id, zone_id, id FROM alerts "
            + "WHERE kind = 'over_capacity' AND state <> 'resolved' AND camera_id <> '" + GONE + "' ORDER BY time")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new ArrayList<>())
            .add(rs.getObject(3, UUID.class));
      }
    } catch (SQLException e) {
      return Map.of(); // before the migrations made the table
    }
    return out;
  }
}
