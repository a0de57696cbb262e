package io.vigil.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** One recorded segment as the recordings API lists it, and the requests that name it. Immutable. */
record RecordedSegment(Instant start, Instant end) {

  /** The range query of exactly this segment, for the timeline and the download. */
  String range() {
    return "from=" + start + "&to=" + end;
  }

  /** Its path parameter in {@code /api/v1/cameras/{id}/recordings/{start ms}}. */
  String startMillis() {
    return Long.toString(start.toEpochMilli());
  }

  /** Whether a list of segments (a timeline's or a clip's) has this one. */
  boolean in(JsonArray listed) {
    return listed.stream().anyMatch(o -> start.toString().equals(((JsonObject) o).getString("start")));
  }

  /** Polls a camera's timeline segments every second until one is listed; returns the first. */
  static RecordedSegment awaitFirst(Duration limit, String camera, Callable<JsonArray> timeline) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      JsonArray found = timeline.call();
      if (!found.isEmpty()) {
        JsonObject first = found.getJsonObject(0);
        return new RecordedSegment(Instant.parse(first.getString("start")), Instant.parse(first.getString("end")));
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no recorded segment of " + camera + " within " + limit);
  }
}
