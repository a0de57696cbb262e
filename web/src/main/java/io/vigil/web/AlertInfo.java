package io.vigil.web;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as the API shows it; the same fields as the store's alert.
 *
 * @param state        {@code open}, {@code acknowledged} or {@code resolved}
 * @param severity     {@code info}, {@code warning} or {@code critical}
 * @param snapshotRef  a path relative to the snapshot directory, or null
 * @param noDataSince  for a crowd alert not resolved whose camera sends no frames now, its last frame; else null
 */
public record AlertInfo(
    UUID id,
    Instant time,
    String cameraId,
    String zoneId,
    String kind,
    String severity,
    double value,
    double threshold,
    String state,
    String acknowledgedBy,
    Instant acknowledgedAt,
    String resolvedBy,
    Instant resolvedAt,
    String note,
    String snapshotRef,
    Instant noDataSince) {}
