package io.vigil.web;

import java.time.Instant;
import java.util.Set;

/**
 * Alerts raised in {@code [from, to)}, newest first.
 *
 * @param cameraIds only alerts of these cameras; never null (the web module always narrows to what
 *                  the caller may see), possibly empty
 * @param zoneId    null for any zone
 * @param state     null for any state
 */
public record AlertFilter(Instant from, Instant to, Set<String> cameraIds, String zoneId, String state, int offset,
    int limit) {
  public AlertFilter {
    cameraIds = Set.copyOf(cameraIds);
  }
}
