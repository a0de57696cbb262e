package io.vigil.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Alerts raised in {@code [from, to)}, newest first. Null camera, zone or state match any.
 */
public record AlertQuery(Instant from, Instant to, Set<String> cameraIds, String zoneId, AlertState state, int offset,
    int limit) {
  public static final int MAX_LIMIT = 1000;

  public AlertQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    if (cameraIds != null) {
      cameraIds = Set.copyOf(cameraIds);
      cameraIds.forEach(id -> Ids.require(id, "cameraId"));
    }
    Ids.optional(zoneId, "zoneId");
    if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  public static AlertQuery between(Instant from, Instant to) {
    return new AlertQuery(from, to, null, null, null, 0, 100);
  }

  public AlertQuery camera(String cameraId) {
    return new AlertQuery(from, to, Set.of(cameraId), zoneId, state, offset, limit);
  }

  /** Only alerts of these cameras (an empty set matches none). */
  public AlertQuery cameras(Set<String> cameraIds) {
    return new AlertQuery(from, to, cameraIds, zoneId, state, offset, limit);
  }

  public AlertQuery zone(String zoneId) {
    return new AlertQuery(from, to, cameraIds, zoneId, state, offset, limit);
  }

  public AlertQuery state(AlertState state) {
    return new AlertQuery(from, to, cameraIds, zoneId, state, offset, limit);
  }

  public AlertQuery page(int offset, int limit) {
    return new AlertQuery(from, to, cameraIds, zoneId, state, offset, limit);
  }
}
