package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded video through the API on a real database and real segment files: the same visibility as
 * snapshots and live video (404 for a camera or alert the caller may not see), HTTP range requests, a
 * download that ffprobe reads with the chosen duration, and its audit entry.
 */
class RecordingApiIT {
  private static final Instant T = Instant.parse("2026-12-08T09:00:00Z");

  @TempDir
  Path dir;

  /** Three 2 s segments of real H.264 (a keyframe every second) for cam-a from T, one for cam-b. */
  private void record(WebHarness h) throws Exception {
    RecordingIndex index = new RecordingIndex(h.db.migrated());
    for (int i = 0; i < 4; i++) {
      String camera = i < 3 ? "cam-a" : "cam-b";
      Instant start = T.plusSeconds(2L * i);
      Path src = TestMedia.make("segment-" + i + ".mp4", List.of("-ss", Integer.toString(2 * i), "-t", "2", "-i",
          TestMedia.shared("sample-clips/one-by-one-person-detection.mp4").toString(), "-an", "-c", "copy", "-movflags",
          "+faststart"));
      Path f = dir.resolve(camera).resolve("2026-12-08").resolve(start.toEpochMilli() + "_2000.mp4");
      Files.createDirectories(f.getParent());
      Files.copy(src, f);
      index.add(new SegmentRow(camera, start, start.plusSeconds(2), Files.size(f), dir.relativize(f).toString(), 0, null));
    }
  }

  @Test
  void recordingsFollowTheCameraRulesAndServeRanges() throws Exception {
    try (WebHarness h = new WebHarness(true, dir)) {
      record(h);
      WebHarness.Session admin = h.login("admin1");
      WebHarness.Session manager = h.login("manager1");
      WebHarness.Session carrier = h.login("carrier1");
      String range = "?from=" + T.minusSeconds(60) + "&to=" + T.plusSeconds(60);

      HttpResponse<String> timeline = h.send("GET", "/api/v1/cameras/cam-a/recordings" + range, manager, null);
      assertEquals(200, timeline.statusCode(), timeline.body());
      JsonArray segments = new JsonObject(timeline.body()).getJsonArray("segments");
      assertEquals(3, segments.size());
      String url = segments.getJsonObject(1).getString("url");
      // The manager's site is A: cam-b (site B, the carrier's) is not there for them, nor cam-a for the carrier.
      assertEquals(404, h.send("GET", "/api/v1/cameras/cam-b/recordings" + range, manager, null).statusCode());
      assertEquals(404, h.send("GET", "/api/v1/cameras/cam-a/recordings" + range, carrier, null).statusCode());
      assertEquals(404, h.send("GET", url, carrier, null).statusCode());
      assertEquals(200, h.send("GET", "/api/v1/cameras/cam-b/recordings" + range, carrier, null).statusCode());
      assertEquals(401, h.send("GET", url, null, null).statusCode());

      HttpResponse<byte[]> whole = bytes(h, url, manager, Map.of());
      assertEquals(200, whole.statusCode());
      assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(null));
      HttpResponse<byte[]> part = bytes(h, url, manager, Map.of("Range", "bytes=100-199"));
      assertEquals(206, part.statusCode());
      assertEquals("bytes 100-199/" + whole.body().length, part.headers().firstValue("Content-Range").orElse(null));
      assertEquals(100, part.body().length);
      assertEquals(new String(whole.body(), 100, 100, StandardCharsets.ISO_8859_1),
          new String(part.body(), StandardCharsets.ISO_8859_1));
      assertEquals(416, bytes(h, url, manager, Map.of("Range", "bytes=999999999-")).statusCode());

      // A download of 5 s across the three segments: one MP4 of 5 s (±1 s), audited.
      String download = "/api/v1/cameras/cam-a/recording.mp4?from=" + T.plusSeconds(1) + "&to=" + T.plusSeconds(6);
      assertEquals(404, bytes(h, download, carrier, Map.of()).statusCode());
      HttpResponse<byte[]> mp4 = bytes(h, download, manager, Map.of());
      assertEquals(200, mp4.statusCode());
      Path got = dir.resolve("download.mp4");
      Files.write(got, mp4.body());
      assertEquals(5.0, probeDuration(got), 1.0);
      HttpResponse<String> audit = h.send("GET", "/api/v1/audit?limit=5", admin, null);
      assertTrue(audit.body().contains("recording_downloaded") && audit.body().contains("manager1"), audit.body());
      assertEquals(400, h.send("GET", "/api/v1/cameras/cam-a/recording.mp4?from=" + T, manager, null).statusCode());
      assertEquals(400, h.send("GET", "/api/v1/cameras/cam-a/recording.mp4?from=" + T + "&to=" + T.plusSeconds(7200),
          manager, null).statusCode());
    }
  }

  @Test
  void anAlertsClipIsItsCamerasSegmentsAroundIt() throws Exception {
    try (WebHarness h = new WebHarness(true, dir)) {
      record(h);
      UUID id = UUID.randomUUID();
      try (var c = h.db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, time, camera_id, "
          + "zone_id, kind, severity, value, threshold, state, resolved_at, resolved_by) "
          + "VALUES (?, ?, 'cam-a', 'corridor', 'over_capacity', 'warning', 4, 2, 'resolved', ?, 'vigil')")) {
        ps.setObject(1, id);
        ps.setTimestamp(2, Timestamp.from(T.plusSeconds(13)));
        ps.setTimestamp(3, Timestamp.from(T.plusSeconds(14)));
        ps.executeUpdate();
      }
      // The camera's default pre-roll is 10 s: from T+3 s, so the second and third segments.
      HttpResponse<String> clip = h.send("GET", "/api/v1/alerts/" + id + "/clip", h.login("manager1"), null);
      assertEquals(200, clip.statusCode(), clip.body());
      JsonObject body = new JsonObject(clip.body());
      assertEquals(2, body.getJsonArray("segments").size());
      assertEquals(T.plusSeconds(2).toString(), body.getJsonArray("segments").getJsonObject(0).getString("start"));
      assertEquals(404, h.send("GET", "/api/v1/alerts/" + id + "/clip", h.login("carrier1"), null).statusCode());
      assertEquals(404, h.send("GET", "/api/v1/alerts/" + UUID.randomUUID() + "/clip", h.login("admin1"), null)
          .statusCode());
    }
  }

  private static HttpResponse<byte[]> bytes(WebHarness h, String path, WebHarness.Session s, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base() + path)).timeout(Duration.ofSeconds(30));
    b.header("Cookie", s.cookie());
    headers.forEach(b::header);
    return h.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static double probeDuration(Path file) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
        file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return Double.parseDouble(out);
  }
}
