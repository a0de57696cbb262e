package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vigil.cluster.ClusterAddresses;
import io.vigil.cluster.ClusterSegments;
import io.vigil.cluster.Clustering;
import io.vigil.config.ClusterSettings;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.recordings.Recordings;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings in a cluster without shared storage: two clustered Vert.x instances (Hazelcast on
 * 127.0.0.1) in this JVM, each with its own recordings directory and one shared index. The viewing node
 * serves a segment the other node recorded, fetched from it over the event bus, with the headers and
 * range answers of a local file; joins a download across both nodes' segments; asks the owner only by
 * camera and start, which it checks against its own index; answers 404 for a segment the owner no longer
 * has and 503 for one too large to relay or whose owner is gone.
 */
class ClusterRecordingIT {
  private static final Instant T = Instant.parse("2026-12-08T09:00:00Z");
  private static final Duration START = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void aSegmentRecordedOnAnotherNodeIsServedFromIt() throws Exception {
    int ownerPort = freePort();
    int viewerPort = freePort();
    List<String> members = List.of("127.0.0.1:" + ownerPort, "127.0.0.1:" + viewerPort);
    String ownerName = "127.0.0.1:" + ownerPort;
    String viewerName = "127.0.0.1:" + viewerPort;
    Vertx owner = Clustering.vertx(settings(ownerPort, members), new VertxOptions()).await(START.toSeconds(), TimeUnit.SECONDS);
    Vertx viewer = Clustering.vertx(settings(viewerPort, members), new VertxOptions())
        .await(START.toSeconds(), TimeUnit.SECONDS);
    boolean ownerUp = true;
    try (WebHarness h = new WebHarness(viewer, dir.resolve("viewer"), viewerName)) {
      RecordingIndex index = new RecordingIndex(h.db.migrated());
      Recordings ownerRecordings = new Recordings(index, dir.resolve("owner"), ownerName, 1L << 30, c -> null,
          (c, reason) -> { });
      Recordings viewerRecordings = new Recordings(index, dir.resolve("viewer"), viewerName, 1L << 30, c -> null,
          (c, reason) -> { });
      ClusterSegments served = new ClusterSegments(owner, ownerName, ownerRecordings::owned);
      // cam-a's first three 2 s segments were recorded by the owner, the fourth by the viewing node.
      Path[] files = new Path[4];
      for (int i = 0; i < 4; i++) {
        files[i] = i < 3 ? segment(index, ownerRecordings, ownerName, i) : segment(index, viewerRecordings, viewerName, i);
      }
      // One the owner indexed but no longer has, and one too large to relay.
      Path gone = segment(index, ownerRecordings, ownerName, 10);
      Files.delete(gone);
      Path large = segment(index, ownerRecordings, ownerName, 15);
      Files.write(large, new byte[ClusterSegments.MAX_BYTES + 1]);

      WebHarness.Session manager = h.login("manager1");
      WebHarness.Session carrier = h.login("carrier1");
      String url = "/api/v1/cameras/cam-a/recordings/" + T.plusSeconds(2).toEpochMilli();
      byte[] expected = Files.readAllBytes(files[1]);
      assertTrue(Files.notExists(dir.resolve("viewer").resolve(Recordings.nodeDir(ownerName))),
          "the viewing node has no copy of the owner's files");

      HttpResponse<byte[]> whole = bytes(h, url, manager, Map.of());
      assertEquals(200, whole.statusCode());
      assertArrayEquals(expected, whole.body());
      assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElse(null));
      assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(null));
      HttpResponse<byte[]> part = bytes(h, url, manager, Map.of("Range", "bytes=100-199"));
      assertEquals(206, part.statusCode());
      assertEquals("bytes 100-199/" + expected.length, part.headers().firstValue("Content-Range").orElse(null));
      assertArrayEquals(Arrays.copyOfRange(expected, 100, 200), part.body());
      assertEquals(416, bytes(h, url, manager, Map.of("Range", "bytes=999999999-")).statusCode());
      // Access is checked before anything is fetched: the carrier does not see cam-a.
      assertEquals(404, bytes(h, url, carrier, Map.of()).statusCode());

      // A download across both nodes' segments: 7 s of one MP4.
      String download = "/api/v1/cameras/cam-a/recording.mp4?from=" + T.plusSeconds(1) + "&to=" + T.plusSeconds(8);
      HttpResponse<byte[]> mp4 = bytes(h, download, manager, Map.of());
      assertEquals(200, mp4.statusCode());
      Path got = dir.resolve("download.mp4");
      Files.write(got, mp4.body());
      assertEquals(7.0, probeDuration(got), 1.0);

      assertEquals(404, bytes(h, "/api/v1/cameras/cam-a/recordings/" + T.plusSeconds(20).toEpochMilli(), manager,
          Map.of()).statusCode(), "a segment its owner no longer has");
      HttpResponse<byte[]> tooLarge = bytes(h, "/api/v1/cameras/cam-a/recordings/" + T.plusSeconds(30).toEpochMilli(),
          manager, Map.of());
      assertEquals(503, tooLarge.statusCode());
      assertTrue(new String(tooLarge.body(), StandardCharsets.UTF_8).contains("recording_node_unavailable"));
      // The owner answers only for segments its own index gives it: not for the viewing node's.
      ReplyException refused = assertFails(viewer.eventBus().request(ClusterAddresses.SEGMENT + ownerName,
          new JsonObject().put("camera", "cam-a").put("start", T.plusSeconds(6).toEpochMilli()),
          new DeliveryOptions().setSendTimeout(10_000)).toCompletionStage().toCompletableFuture());
      assertEquals(404, refused.failureCode());
      // What was fetched for the answers is deleted once sent.
      Path exports = viewerRecordings.files().root().resolve(".exports");
      waitUntil(() -> !Files.exists(exports) || isEmpty(exports), "the fetched copies are deleted");

      // The owner goes: its segments answer 503, the viewing node's own still plays.
      served.close();
      owner.close().await(60, TimeUnit.SECONDS);
      ownerUp = false;
      HttpResponse<byte[]> down = bytes(h, url, manager, Map.of());
      assertEquals(503, down.statusCode());
      String body = new String(down.body(), StandardCharsets.UTF_8);
      assertTrue(body.contains("recording_node_unavailable") && body.contains(ownerName), body);
      assertEquals(503, bytes(h, download, manager, Map.of()).statusCode());
      HttpResponse<byte[]> local = bytes(h, "/api/v1/cameras/cam-a/recordings/" + T.plusSeconds(6).toEpochMilli(),
          manager, Map.of());
      assertEquals(200, local.statusCode());
      assertArrayEquals(Files.readAllBytes(files[3]), local.body());
    } finally {
      if (ownerUp) owner.close().await(60, TimeUnit.SECONDS);
    }
  }

  /** cam-a's 2 s segment of real H.264 starting at T + 2i s, in the node's directory and, as its, in the index. */
  private static Path segment(RecordingIndex index, Recordings recordings, String node, int i) throws Exception {
    Instant start = T.plusSeconds(2L * i);
    Path src = TestMedia.make("segment-" + (i % 4) + ".mp4", List.of("-ss", Integer.toString(2 * (i % 4)),
        "-t", "2", "-i", TestMedia.shared("sample-clips/one-by-one-person-detection.mp4").toString(), "-an", "-c",
        "copy", "-movflags", "+faststart"));
    Path f = recordings.files().root().resolve("cam-a").resolve("2026-12-08").resolve(start.toEpochMilli() + "_2000.mp4");
    Files.createDirectories(f.getParent());
    Files.copy(src, f);
    index.add(new SegmentRow("cam-a", start, start.plusSeconds(2), Files.size(f),
        recordings.files().root().relativize(f).toString(), 0, node));
    return f;
  }

  private static ClusterSettings settings(int port, List<String> members) {
    return new ClusterSettings(true, "127.0.0.1", port, members, "127.0.0.1", 0, null);
  }

  private static ReplyException assertFails(CompletableFuture<?> f) throws Exception {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException r) return r;
      throw e;
    }
    throw new AssertionError("the owner answered");
  }

  private static boolean isEmpty(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.findAny().isEmpty();
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitUntil(Check c, String what) throws Exception {
    Instant end = Instant.now().plusSeconds(30);
    while (!c.ok()) {
      if (Instant.now().isAfter(end)) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(100);
    }
  }

  private static HttpResponse<byte[]> bytes(WebHarness h, String path, WebHarness.Session s, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base() + path)).timeout(Duration.ofSeconds(60));
    b.header("Cookie", s.cookie());
    headers.forEach(b::header);
    return h.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static double probeDuration(Path file) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
        file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return Double.parseDouble(out);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
