package io.vigil.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A camera's {@code record:} section: whether and how its video is kept on disk (packet copy, never
 * re-encoded).
 *
 * @param mode       off, events (the minute around each alert) or continuous
 * @param preRoll    events: video kept before an alert opened (held in memory until then)
 * @param postRoll   events: video kept after an alert closed
 * @param retainDays segments older than this are deleted (unless an unresolved alert needs them)
 */
public record RecordSettings(Mode mode, Duration preRoll, Duration postRoll, int retainDays) {

  /** Off: nothing recorded. Events: pre-roll buffered in memory, written around alerts. Continuous: always. */
  public enum Mode {
    OFF, EVENTS, CONTINUOUS;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * What a camera without a {@code record:} section gets: Frigate's defaults, rounded. Ten seconds
   * before an alert shows how the crowd formed; twenty after shows it dispersing; a week covers the
   * review after a weekend.
   */
  public static final RecordSettings DEFAULT = new RecordSettings(Mode.EVENTS, Duration.ofSeconds(10),
      Duration.ofSeconds(20), 7);

  /** The pre-roll sits in memory: a minute of a 4 Mbit/s main stream is 30 MB per camera. */
  static final Duration MAX_PRE_ROLL = Duration.ofSeconds(60);
  static final Duration MAX_POST_ROLL = Duration.ofMinutes(10);
  static final int MAX_RETAIN_DAYS = 3650;

  public RecordSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(preRoll, "preRoll");
    Objects.requireNonNull(postRoll, "postRoll");
    if (retainDays < 1) throw new IllegalArgumentException("retainDays must be at least 1");
  }

  public boolean records() {
    return mode != Mode.OFF;
  }
}
