package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Property
  void delaysDoubleWithinJitterUpToTheCapAndNeverHitZero(@ForAll @IntRange(min = 0, max = 1000) int attempt,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), new Random(seed));
    long base = Math.min(500L << Math.min(attempt, 20), 2000);
    long d = b.delayMillis(attempt);
    assertTrue(d >= base / 2 && d <= base, attempt + ": " + d);
    assertTrue(d >= 250, "never a hot loop");
  }

  @Test
  void jitterSpreadsCamerasThatFailedTogether() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), new Random(7));
    Set<Long> delays = new HashSet<>();
    for (int camera = 0; camera < 20; camera++) delays.add(b.delayMillis(5));
    assertTrue(delays.size() > 10, delays.toString());
  }
}
