package io.vigil.store;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A camera entering a state: ingest's {@code CameraState} in lower case ({@code connecting}, {@code
 * online}, {@code stalled}, {@code offline}, {@code finished}).
 *
 * @param detail why, for people (credentials already masked), or null
 */
public record CameraStatusChange(Instant time, String cameraId, String status, String detail) {
  private static final Pattern STATUS = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  public CameraStatusChange {
    Objects.requireNonNull(time, "time");
    Ids.require(cameraId, "cameraId");
    if (status == null || !STATUS.matcher(status).matches()) {
      throw new IllegalArgumentException("status must be 1-32 lower-case letters, digits or '_', was " + status);
    }
    Ids.text(detail, "detail");
  }
}
