package io.vigil.web;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The metrics served at {@code /metrics} in the Prometheus text format. Values are pulled when
 * scraped, so a producer registers a supplier once and never pushes:
 *
 * <pre>{@code
 * metrics.counter("vigil_camera_frames_in_total", "Frames received",
 *     () -> registry.all().stream().map(s -> new Metrics.Sample(Map.of("camera", s.id()), s.framesIn())).toList());
 * }</pre>
 */
public interface Metrics {

  static Metrics create() {
    return new PrometheusMetrics();
  }

  record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  /** A value that only grows; the name should end in {@code _total}. */
  void counter(String name, String help, Supplier<Collection<Sample>> samples);

  void gauge(String name, String help, Supplier<Collection<Sample>> samples);

  /** Every registered metric in the Prometheus text exposition format 0.0.4. */
  String scrape();
}
