package io.vigil.web;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The metrics served at {@code /metrics} in the Prometheus text format. Values are pulled when
 * scraped, so a producer registers a supplier once and never pushes:
 *
 * <pre>{@code
 * metrics.counter("vigil_camera_frames_in_total", "Frames received",
 *     () -> registry.all().stream().map(s -> new Metrics.Sample(Map.of("camera", s.id()), s.framesIn())).toList());
 * }</pre>
 *
 * <p>Any thread may register and scrape: the registry is a concurrent map and suppliers are called
 * on the scraping thread.
 */
public final class Metrics {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** One labelled value of a metric. */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  private record Family(String type, String help, Supplier<Collection<Sample>> samples) {}

  /** Sorted, so that a scrape reads the same from one call to the next. */
  private final Map<String, Family> families = new ConcurrentSkipListMap<>();

  /** A value that only grows; the name should end in {@code _total}. */
  public void counter(String name, String help, Supplier<Collection<Sample>> samples) {
    register(name, new Family("counter", help, samples));
  }

  public void gauge(String name, String help, Supplier<Collection<Sample>> samples) {
    register(name, new Family("gauge", help, samples));
  }

  private void register(String name, Family family) {
    if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad metric name " + name);
    if (families.putIfAbsent(name, family) != null) {
      throw new IllegalStateException("metric " + name + " is already registered");
    }
  }

  /** Every registered metric in the Prometheus text exposition format 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    families.forEach((name, f) -> {
      out.append("# HELP ").append(name).append(' ').append(escapeHelp(f.help())).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
      for (Sample s : f.samples().get()) {
        out.append(name);
        if (!s.labels().isEmpty()) {
          out.append('{');
          boolean first = true;
          for (Map.Entry<String, String> l : new TreeMap<>(s.labels()).entrySet()) {
            if (!LABEL.matcher(l.getKey()).matches()) throw new IllegalStateException("bad label name " + l.getKey());
            if (!first) out.append(',');
            first = false;
            out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
          }
          out.append('}');
        }
        out.append(' ').append(format(s.value())).append('\n');
      }
    });
    return out.toString();
  }

  private static String format(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeLabel(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
  }
}
