package io.vigil.store;

import java.time.Instant;

/** One bucket of an occupancy series: the most people seen and the mean over its samples. */
public record OccupancyPoint(Instant bucket, String cameraId, String zoneId, int maxPeople, double meanPeople,
    long samples) {}
