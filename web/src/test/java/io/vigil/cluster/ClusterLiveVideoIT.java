package io.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.testing.TestSharedFiles;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live video in a cluster comes from the node that pulls the camera. Two Vigil nodes as JVMs
 * ({@code vigil run --cluster}) share a fresh database and two cameras whose live stream is real H.264
 * from a GStreamer RTSP server (their analysis replays the PETS clip), so each node pulls one. A
 * WebSocket viewer on the node that does not pull a camera gets the start (init segment) and
 * fragments from a keyframe on, while only the owner remuxes that camera; two viewers there share one
 * relay. When the viewers' node is killed, the owner stops relaying. When the owner is killed, the
 * surviving node takes the camera over and its viewer gets a new start from the new owner.
 */
class ClusterLiveVideoIT {
  private static final Path SHARED = ClusterNodes.SHARED;
  private static final String SERVER = ClusterNodes.SERVER;
  private static final int NODES = 2;
  /** The cameras' RTSP password, given to the nodes as an environment variable only. */
  private static final String CAMERA_PASSWORD = "relay-" + UUID.randomUUID();

  @TempDir Path dir;
  private ClusterNodes nodes;
  private final List<Viewer> viewers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Viewer v : viewers) v.ws.abort();
    if (nodes != null) nodes.close();
  }

  @Test
  void aCameraPulledElsewhereIsWatchedThroughItsOwner() throws Exception {
    Path clip = TestSharedFiles.require("data/pets09-s2l1/vtest.avi");
    Path h264 = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    // A restarted node appends to its log, so the password check at the end covers both of its runs.
    nodes = new ClusterNodes(dir, NODES, "cluster-live-video-it", Map.of("VIGIL_IT_CAMERA_PASSWORD", CAMERA_PASSWORD), true);
    String database = nodes.createDatabase("vigil_clvideo_");
    try (TestRtspServer rtsp = new TestRtspServer().auth("viewer", CAMERA_PASSWORD)
        .h264("a", h264).h264("b", h264).start()) {
      Path cfg = dir.resolve("cameras.yml");
      Files.writeString(cfg, """
          server: {bind: 127.0.0.1, http_port: 0}
          database: {url: "%s%s", user: postgres}
          detector: {model: %s}
          defaults: {analytic_fps: 1}
          cameras:
            - id: cam-a
              site: Site 1
              detect: {replay: %s, loop: true}
              live: {url: "%s", username: viewer, password: "${VIGIL_IT_CAMERA_PASSWORD}"}
            - id: cam-b
              site: Site 1
              detect: {replay: %s, loop: true}
              live: {url: "%s", username: viewer, password: "${VIGIL_IT_CAMERA_PASSWORD}"}
          """.formatted(SERVER, database, SHARED.resolve("models/yolox-nano/yolox_nano.onnx"), clip, rtsp.uri("a"),
          clip, rtsp.uri("b")));

      String cookie = nodes.startAll(cfg);
      int[] web = nodes.webPorts();

      // Node 0's viewer watches the camera node 1 pulls.
      Map<String, String> owner = nodes.waitFor(Duration.ofSeconds(120), "one camera pulled by each node",
          () -> onePerNode(nodes.get(web[0], cookie, "/api/v1/cluster"), web));
      String remote = owner.get("node-1");
      Viewer first = open(web[0], cookie, remote);
      first.expectStart(Duration.ofSeconds(30));
      first.expectKeyframeFirst(Duration.ofSeconds(30));
      Viewer second = open(web[0], cookie, remote);
      second.expectStart(Duration.ofSeconds(30));
      second.expectKeyframeFirst(Duration.ofSeconds(30));
      // The owner remuxes it once, for the relay; the viewers' node remuxes nothing and receives one relay.
      Map<String, Double> m0 = metrics(web[0], cookie);
      Map<String, Double> m1 = metrics(web[1], cookie);
      assertEquals(0.0, m0.get("vigil_live_remuxes"), m0.toString());
      assertEquals(1.0, m0.get("vigil_live_relays{direction=\"in\"}"), m0.toString());
      assertEquals(0.0, m0.get("vigil_live_relays{direction=\"out\"}"), m0.toString());
      assertEquals(1.0, m1.get("vigil_live_remuxes"), m1.toString());
      assertEquals(1.0, m1.get("vigil_live_relays{direction=\"out\"}"), m1.toString());
      // One viewer leaving keeps the shared relay for the other, whose fragments keep coming.
      second.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
      viewers.remove(second);
      first.frames.clear();
      for (int i = 0; i < 10; i++) {
        assertTrue(first.frames.poll(10, TimeUnit.SECONDS) instanceof byte[], "the remaining viewer's fragments keep coming");
      }
      assertEquals(1.0, metrics(web[0], cookie).get("vigil_live_relays{direction=\"in\"}"));
      assertEquals(1.0, metrics(web[1], cookie).get("vigil_live_relays{direction=\"out\"}"));

      // The viewers' node dies: the owner stops relaying to it (the remux then ends after its linger).
      nodes.process(0).destroyForcibly();
      assertTrue(nodes.process(0).waitFor(10, TimeUnit.SECONDS));
      viewers.clear();
      nodes.waitFor(Duration.ofSeconds(30), "node 1 stops relaying to the dead node", () ->
          metrics(web[1], cookie).get("vigil_live_relays{direction=\"out\"}") == 0.0 ? true : null);
      nodes.waitFor(Duration.ofSeconds(30), "node 1 ends the remux nobody watches", () ->
          metrics(web[1], cookie).get("vigil_live_remuxes") == 0.0 ? true : null);

      // It comes back and gets a camera again; its viewer of node 1's camera gets node 1's stream.
      nodes.restart(0);
      Map<String, String> again = nodes.waitFor(Duration.ofSeconds(120), "one camera pulled by each node again",
          () -> onePerNode(nodes.get(web[1], cookie, "/api/v1/cluster"), web));
      String watched = again.get("node-1");
      Viewer third = open(web[0], cookie, watched);
      String firstCodec = third.expectStart(Duration.ofSeconds(30));
      third.expectKeyframeFirst(Duration.ofSeconds(30));
      assertEquals(0.0, metrics(web[0], cookie).get("vigil_live_remuxes"));

      // The owner dies: node 0 takes the camera over, and its viewer gets node 0's own stream, from a new start.
      nodes.process(1).destroyForcibly();
      assertTrue(nodes.process(1).waitFor(10, TimeUnit.SECONDS));
      third.frames.clear();
      assertEquals(firstCodec, third.expectStart(Duration.ofSeconds(30)));
      third.expectKeyframeFirst(Duration.ofSeconds(30));
      Map<String, Double> after = metrics(web[0], cookie);
      assertEquals(1.0, after.get("vigil_live_remuxes"), after.toString());
      assertEquals(0.0, after.get("vigil_live_relays{direction=\"in\"}"), after.toString());
      // The camera's password was resolved by the owners alone, and never logged.
      for (int i = 0; i < NODES; i++) {
        assertTrue(!Files.readString(nodes.log(i)).contains(CAMERA_PASSWORD), "node " + i + " logged the camera's password");
      }
    }
  }

  /** Node name ("node-0", "node-1" by web port) to the one camera it pulls, once each pulls exactly one. */
  private static Map<String, String> onePerNode(JsonObject view, int[] web) {
    Map<String, String> out = new HashMap<>();
    if (view.getJsonArray("members").size() != NODES) return null;
    for (Object o : view.getJsonArray("members")) {
      JsonObject m = (JsonObject) o;
      if (!m.getBoolean("ready") || m.getJsonArray("cameras").size() != 1) return null;
      for (int i = 0; i < NODES; i++) {
        if (("http://127.0.0.1:" + web[i] + "/").equals(m.getString("http"))) {
          out.put("node-" + i, m.getJsonArray("cameras").getString(0));
        }
      }
    }
    return out.size() == NODES ? out : null;
  }

  /** A WebSocket viewer of a camera's live video, keeping what it receives. */
  private final class Viewer implements WebSocket.Listener {
    /** Text messages as JSON, binary ones as byte arrays, in order. */
    final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      frames.add(new JsonObject(data.toString()));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      partial.writeBytes(b);
      if (last) {
        frames.add(partial.toByteArray());
        partial.reset();
      }
      ws.request(1);
      return null;
    }

    /** Waits for a start message and the init segment after it; returns the codec. */
    String expectStart(Duration limit) throws Exception {
      Instant end = Instant.now().plus(limit);
      while (true) {
        Object o = frames.poll(Math.max(1, Duration.between(Instant.now(), end).toMillis()), TimeUnit.MILLISECONDS);
        if (o == null) throw new AssertionError("no start within " + limit);
        if (o instanceof JsonObject j) {
          assertEquals("start", j.getString("type"), j.encode());
          assertTrue(j.getString("codec").startsWith("avc1."), j.encode());
          Object init = frames.poll(10, TimeUnit.SECONDS);
          assertTrue(init instanceof byte[] b && new String(b, StandardCharsets.ISO_8859_1).contains("moov"),
              "the init segment follows the start");
          return j.getString("codec");
        }
      }
    }

    /** The next fragment holds an IDR picture, and so do later ones (one fragment per frame). */
    void expectKeyframeFirst(Duration limit) throws Exception {
      Object o = frames.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(o instanceof byte[], "a fragment follows the init segment: " + o);
      byte[] f = (byte[]) o;
      assertTrue(new String(f, StandardCharsets.ISO_8859_1).contains("moof"), "a moof+mdat fragment");
      assertTrue(idr(f), "the first fragment after the start is a keyframe");
      for (int i = 0; i < 5; i++) {
        assertTrue(frames.poll(10, TimeUnit.SECONDS) instanceof byte[], "fragments keep coming");
      }
    }
  }

  private Viewer open(int port, String cookie, String camera) throws Exception {
    Viewer v = new Viewer();
    v.ws = nodes.http().newWebSocketBuilder().header("Cookie", cookie)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/cameras/" + camera + "/live"), v)
        .get(10, TimeUnit.SECONDS);
    viewers.add(v);
    return v;
  }

  /** Whether the fragment's mdat holds an IDR slice (NAL type 5), its NAL units length-prefixed as in MP4. */
  static boolean idr(byte[] f) {
    for (int box = 0; box + 8 <= f.length; ) {
      int size = ByteBuffer.wrap(f, box, 4).getInt();
      String type = new String(f, box + 4, 4, StandardCharsets.ISO_8859_1);
      if (size < 8 || box + size > f.length) return false;
      if (type.equals("mdat")) {
        for (int n = box + 8; n + 5 <= box + size; ) {
          int len = ByteBuffer.wrap(f, n, 4).getInt();
          if ((f[n + 4] & 0x1f) == 5) return true;
          if (len <= 0) return false;
          n += 4 + len;
        }
        return false;
      }
      box += size;
    }
    return false;
  }

  /** The node's unlabelled and labelled samples of the live video metrics. */
  private Map<String, Double> metrics(int port, String cookie) throws Exception {
    HttpResponse<String> r = nodes.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Cookie", cookie).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Double> out = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("vigil_live_")) {
        int space = line.lastIndexOf(' ');
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    assertNotEquals(null, out.get("vigil_live_remuxes"), r.body());
    return out;
  }
}
