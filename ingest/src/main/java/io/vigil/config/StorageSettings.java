package io.vigil.config;

import java.time.Duration;

/**
 * The {@code storage:} section: how long history is kept and when TimescaleDB compresses it. A null
 * value was not in the file; the storage layer then takes {@code VIGIL_DB_RETENTION} and its siblings
 * from the environment, or its own default (90 days of samples, a year of alerts, compressed after 7 days).
 *
 * @param retention      occupancy samples and camera status changes
 * @param alertRetention alerts (kept longer: they are the record an incident review reads)
 * @param compressAfter  TimescaleDB only: age after which time-series chunks are compressed
 */
public record StorageSettings(Duration retention, Duration alertRetention, Duration compressAfter) {
  public static final StorageSettings DEFAULT = new StorageSettings(null, null, null);

  /** Below 3 days a weekend away would lose the history an operator comes back to read. */
  static final Duration MIN_RETENTION = Duration.ofDays(3);
  static final Duration MAX_RETENTION = Duration.ofDays(3650);
  /** Compressing chunks younger than this would recompress them while they are still written. */
  static final Duration MIN_COMPRESS_AFTER = Duration.ofMinutes(10);
}
