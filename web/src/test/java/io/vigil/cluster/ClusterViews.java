package io.vigil.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Readings of the cluster's API answers ({@code /api/v1/cluster}, {@code /api/v1/cameras}) that the cluster tests compare. */
final class ClusterViews {
  private ClusterViews() {}

  static String nodeAt(JsonObject view, int webPort) {
    String url = "http://127.0.0.1:" + webPort + "/";
    return view.getJsonArray("members").stream().map(o -> (JsonObject) o)
        .filter(m -> url.equals(m.getString("http"))).map(m -> m.getString("node")).findFirst().orElseThrow();
  }

  /** {@code members} ready members, and every camera pulled by exactly one of them, loads differing by one at most. */
  static boolean balanced(JsonObject view, int members, Set<String> cameras) {
    JsonArray ms = view.getJsonArray("members");
    if (ms.size() != members) return false;
    Set<String> seen = new HashSet<>();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (Object o : ms) {
      JsonObject m = (JsonObject) o;
      if (!m.getBoolean("ready")) return false;
      JsonArray cams = m.getJsonArray("cameras");
      for (Object c : cams) {
        if (!seen.add((String) c)) return false;
      }
      min = Math.min(min, cams.size());
      max = Math.max(max, cams.size());
    }
    return seen.equals(cameras) && max - min <= 1;
  }

  static Map<String, String> owners(JsonObject view) {
    Map<String, String> out = new HashMap<>();
    for (Object o : view.getJsonArray("members")) {
      JsonObject m = (JsonObject) o;
      for (Object c : m.getJsonArray("cameras")) out.put((String) c, m.getString("node"));
    }
    return out;
  }

  /** Cameras online whose last frame came after {@code since}. */
  static Set<String> online(JsonObject cameras, Instant since) {
    Set<String> out = new TreeSet<>();
    for (Object o : cameras.getJsonArray("items")) {
      JsonObject c = (JsonObject) o;
      JsonObject s = c.getJsonObject("status");
      if (s == null || !"online".equals(s.getString("state")) || s.getString("lastFrame") == null) continue;
      if (Instant.parse(s.getString("lastFrame")).isAfter(since)) out.add(c.getString("id"));
    }
    return out;
  }

  /** The cameras whose analysis events a viewer of {@code /api/v1/live} on that node receives within {@code limit}. */
  static Set<String> liveCameras(HttpClient http, int port, String cookie, Duration limit, Set<String> all)
      throws Exception {
    HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/live")).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) throw new AssertionError("live events answered " + r.statusCode());
    Set<String> seen = new TreeSet<>();
    Instant end = Instant.now().plus(limit);
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      String event = null;
      // Heartbeats and six cameras' analyses keep lines coming, so the loop sees its deadline.
      while (Instant.now().isBefore(end) && !seen.equals(all) && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("event: ")) event = line.substring(7);
        else if (line.startsWith("data: ") && "analysis".equals(event)) {
          seen.add(new JsonObject(line.substring(6)).getString("cameraId"));
        }
      }
    }
    return seen;
  }
}
