package io.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed, strict access to one YAML mapping, in the spirit of Frigate's pydantic models: each field is
 * read with its default and bounds, and {@link #finish()} rejects every key nobody asked for.
 * Readers never throw; they record a problem and return the default so that checking goes on.
 */
final class MapReader {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private final Node node;
  private final String path;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  MapReader(Node node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          problems.add(t.getKeyNode(), path, "keys must be plain names");
          continue;
        }
        if (entries.putIfAbsent(k.getValue(), t) != null) {
          problems.add(k, key(k.getValue()), "duplicate key");
        }
      }
    } else if (node != null) {
      problems.add(node, path.isEmpty() ? "(top level)" : path, "must be a mapping of key: value");
    }
  }

  Node node() {
    return node;
  }

  String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  boolean has(String k) {
    known.add(k);
    Node v = value(k);
    return v != null && !isNull(v);
  }

  Node value(String k) {
    known.add(k);
    NodeTuple t = entries.get(k);
    return t == null ? null : t.getValueNode();
  }

  void problem(String k, String message) {
    Node v = value(k);
    problems.add(v != null ? v : node, key(k), message);
  }

  String string(String k, String def, int maxLength) {
    Node v = value(k);
    if (v == null || isNull(v)) return def;
    if (!(v instanceof ScalarNode s)) {
      problems.add(v, key(k), "must be a text value");
      return def;
    }
    String text = s.getValue();
    if (text.length() > maxLength) {
      problems.add(v, key(k), "is longer than " + maxLength + " characters");
      return def;
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      problems.add(v, key(k), "must not contain control characters");
      return def;
    }
    return text;
  }

  String required(String k, int maxLength) {
    String s = string(k, null, maxLength);
    if (s == null && !entries.containsKey(k)) problems.add(node, key(k), "is required");
    else if (s == null || s.isBlank()) problems.add(value(k) != null ? value(k) : node, key(k), "must not be empty");
    return s;
  }

  double number(String k, double def, double min, double max) {
    Node v = value(k);
    if (v == null || isNull(v)) return def;
    Double d = parseNumber(v);
    if (d == null) {
      problems.add(v, key(k), "must be a number");
      return def;
    }
    if (d < min || d > max) {
      problems.add(v, key(k), "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(d));
      return def;
    }
    return d;
  }

  int integer(String k, int def, int min, int max) {
    Node v = value(k);
    if (v == null || isNull(v)) return def;
    Double d = parseNumber(v);
    if (d == null || d != Math.rint(d)) {
      problems.add(v, key(k), "must be a whole number");
      return def;
    }
    if (d < min || d > max) {
      problems.add(v, key(k), "must be between " + min + " and " + max + ", got " + fmt(d));
      return def;
    }
    return d.intValue();
  }

  boolean bool(String k, boolean def) {
    Node v = value(k);
    if (v == null || isNull(v)) return def;
    if (v instanceof ScalarNode s) {
      String t = s.getValue().toLowerCase(Locale.ROOT);
      if (t.equals("true")) return true;
      if (t.equals("false")) return false;
    }
    problems.add(v, key(k), "must be true or false");
    return def;
  }

  /** "500ms", "10s", "5m", "1h", "90d", or a bare number of seconds. */
  Duration duration(String k, Duration def, Duration min, Duration max) {
    Node v = value(k);
    if (v == null || isNull(v)) return def;
    Matcher m = v instanceof ScalarNode s ? DURATION.matcher(s.getValue().trim()) : null;
    if (m == null || !m.matches()) {
      problems.add(v, key(k), "must be a duration such as 500ms, 10s, 5m, 1h or 90d");
      return def;
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> n;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      case "d" -> n * 86_400_000;
      default -> n * 1000;
    };
    Duration d = Duration.ofMillis(Math.round(millis));
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.add(v, key(k), "must be between " + human(min) + " and " + human(max));
      return def;
    }
    return d;
  }

  MapReader map(String k) {
    Node v = value(k);
    if (v == null || isNull(v)) return null;
    return new MapReader(v, key(k), problems);
  }

  List<Node> list(String k, int maxItems) {
    Node v = value(k);
    if (v == null || isNull(v)) return List.of();
    if (!(v instanceof SequenceNode seq)) {
      problems.add(v, key(k), "must be a list");
      return List.of();
    }
    if (seq.getValue().size() > maxItems) {
      problems.add(v, key(k), "has more than " + maxItems + " entries");
      return List.of();
    }
    return new ArrayList<>(seq.getValue());
  }

  /** Rejects unknown keys, naming the ones that are allowed here. */
  void finish() {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add(e.getValue().getKeyNode(), key(e.getKey()),
            "unknown key (allowed here: " + String.join(", ", known) + ")");
      }
    }
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && n.getTag().getValue().endsWith(":null");
  }

  static Double parseNumber(Node v) {
    if (!(v instanceof ScalarNode s)) return null;
    try {
      double d = Double.parseDouble(s.getValue().trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
