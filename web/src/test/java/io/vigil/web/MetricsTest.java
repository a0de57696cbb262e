package io.vigil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void writesThePrometheusTextFormat() {
    Metrics m = new Metrics();
    m.counter("vigil_camera_frames_in_total", "Frames received", () -> List.of(
        new Metrics.Sample(Map.of("camera", "gate-\"north\""), 1200),
        new Metrics.Sample(Map.of("camera", "ward", "site", "q1"), 7.5)));
    m.gauge("vigil_writer_spool_bytes", "Bytes waiting\nin the spool", () -> List.of(new Metrics.Sample(Map.of(), 0)));
    assertEquals("""
        # HELP vigil_camera_frames_in_total Frames received
        # TYPE vigil_camera_frames_in_total counter
        vigil_camera_frames_in_total{camera="gate-\\"north\\""} 1200
        vigil_camera_frames_in_total{camera="ward",site="q1"} 7.5
        # HELP vigil_writer_spool_bytes Bytes waiting\\nin the spool
        # TYPE vigil_writer_spool_bytes gauge
        vigil_writer_spool_bytes 0
        """, m.scrape());
    assertThrows(IllegalStateException.class, () -> m.gauge("vigil_writer_spool_bytes", "again", List::of));
    assertThrows(IllegalArgumentException.class, () -> m.gauge("bad name", "x", List::of));
  }
}
