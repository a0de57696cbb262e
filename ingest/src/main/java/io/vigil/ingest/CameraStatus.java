package io.vigil.ingest;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * A camera's ingest status at one moment. Rates are measured over the last status interval.
 *
 * @param reason         why the camera is not online (masked, never holds credentials), or null
 * @param source         the analysed stream, safe to show (no credentials)
 * @param fpsIn          frames decoded per second (keyframes only when {@code keyframesOnly})
 * @param fpsAnalysed    frames handed to the analytics and processed per second
 * @param droppedFrames  frames dropped because the analytics fell behind, since the camera started
 * @param reconnects     reconnect attempts after a failure, since the camera started
 * @param lastFrame      when the last frame arrived, or null before the first
 * @param analysisMillis mean analytics time per frame over the last interval
 * @param keyframesOnly  whether only keyframes are decoded (analytic rate at or below keyframe rate)
 * @param since          when the camera entered its current state
 */
public record CameraStatus(
    String cameraId,
    CameraState state,
    String reason,
    String source,
    double fpsIn,
    double fpsAnalysed,
    long droppedFrames,
    long reconnects,
    Instant lastFrame,
    double analysisMillis,
    boolean keyframesOnly,
    Instant since) {

  public boolean online() {
    return state == CameraState.ONLINE;
  }

  /** The body of the event-bus status message. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("cameraId", cameraId)
        .put("state", state.name().toLowerCase(Locale.ROOT))
        .put("reason", reason)
        .put("source", source)
        .put("fpsIn", round(fpsIn))
        .put("fpsAnalysed", round(fpsAnalysed))
        .put("droppedFrames", droppedFrames)
        .put("reconnects", reconnects)
        .put("lastFrame", lastFrame == null ? null : lastFrame.toString())
        .put("analysisMillis", round(analysisMillis))
        .put("keyframesOnly", keyframesOnly)
        .put("since", since.toString());
  }

  /** The status {@link #toJson()} wrote (rates rounded as there); a runtime exception for anything else. */
  public static CameraStatus fromJson(JsonObject o) {
    String lastFrame = o.getString("lastFrame");
    return new CameraStatus(o.getString("cameraId"), CameraState.valueOf(o.getString("state").toUpperCase(Locale.ROOT)),
        o.getString("reason"), o.getString("source"), o.getDouble("fpsIn"), o.getDouble("fpsAnalysed"),
        o.getLong("droppedFrames"), o.getLong("reconnects"), lastFrame == null ? null : Instant.parse(lastFrame),
        o.getDouble("analysisMillis"), o.getBoolean("keyframesOnly"), Instant.parse(o.getString("since")));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
