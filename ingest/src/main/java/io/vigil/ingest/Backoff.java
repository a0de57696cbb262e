package io.vigil.ingest;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays after a failure: doubling from {@code initial}, capped at {@code max}, with "equal
 * jitter" (half fixed, half random) so that cameras which failed together (a switch reboot) do not
 * retry in lockstep, while no delay is ever shorter than half the initial one: never a hot loop.
 */
final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** Delay before retry number {@code attempt} (0 for the first retry after a failure). */
  long delayMillis(int attempt) {
    long base = initialMillis << Math.min(attempt, 20);
    base = Math.min(base, maxMillis);
    long half = base / 2;
    return half + random.nextLong(base - half + 1);
  }
}
