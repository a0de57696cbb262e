package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

  @Test
  void defaultsKeepAReturningCameraWithinFiveSeconds() {
    IngestOptions o = IngestOptions.defaults();
    assertEquals(Duration.ofSeconds(5), o.streamTimeout());
    assertEquals("tcp", o.rtspTransport());
    assertEquals(Runtime.getRuntime().availableProcessors(), o.analyticsThreads());
    assertEquals(Duration.ofSeconds(2), o.retryMax());
  }

  @Test
  void outOfBoundsValuesAreRefusedWithTheirName() {
    IngestOptions d = IngestOptions.defaults();
    assertEquals("streamTimeout must be within [PT0.5S, PT1M]",
        assertThrows(IllegalArgumentException.class, () -> d.withStreamTimeout(Duration.ofMillis(10))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.withRetry(Duration.ofSeconds(3), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> d.withQueueCapacity(0));
    assertThrows(IllegalArgumentException.class, () -> d.withAnalyticsThreads(0));
    assertThrows(IllegalArgumentException.class, () -> new IngestOptions(d.streamTimeout(), d.retryInitial(),
        d.retryMax(), 2, 2, d.statusInterval(), "http", d.addressPolicy(), false));
  }
}
