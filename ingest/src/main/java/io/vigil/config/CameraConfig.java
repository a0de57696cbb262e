package io.vigil.config;

import io.vigil.analytics.Zone;
import java.util.List;

/**
 * One camera as configured in {@code cameras.yml} or registered at run time.
 *
 * @param detect      the stream that is decoded and analysed (a low-resolution sub-stream where the
 *                    camera has one)
 * @param live        the stream remuxed for the live viewer; same as {@code detect} when not set
 * @param analyticFps analysed frames per second; at or below the keyframe rate only keyframes are
 *                    decoded
 * @param owner       the carrier organisation that registered the camera, or null for cameras from
 *                    the configuration file (owned by the operations centre)
 */
public record CameraConfig(
    String id,
    String name,
    String site,
    CameraType type,
    Location location,
    StreamSource detect,
    StreamSource live,
    double analyticFps,
    List<Zone> zones,
    boolean enabled,
    String owner,
    RecordSettings record) {

  public CameraConfig {
    zones = List.copyOf(zones);
    if (live == null) live = detect;
    if (record == null) record = RecordSettings.DEFAULT;
  }

  /** A camera recorded as {@link RecordSettings#DEFAULT} says (registered cameras, tests). */
  public CameraConfig(String id, String name, String site, CameraType type, Location location, StreamSource detect,
      StreamSource live, double analyticFps, List<Zone> zones, boolean enabled, String owner) {
    this(id, name, site, type, location, detect, live, analyticFps, zones, enabled, owner, null);
  }
}
