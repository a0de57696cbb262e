package io.vigil.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Strict reader of the {@code alerts:} section: unknown keys, wrong types and values out of bounds are
 * all reported at once, each with its key path (and line, when read from YAML).
 */
final class AlertSettingsParser {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern SECRET_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final int MAX_SITES = 1000;
  private static final int MAX_WEBHOOKS = 16;

  private final String file;
  private final Map<String, Integer> lines;
  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  private AlertSettingsParser(String file, Map<String, Integer> lines, Map<String, String> env) {
    this.file = file;
    this.lines = lines;
    this.env = env;
  }

  public static AlertSettings parse(Node alerts, String file, Map<String, String> env) {
    Map<String, Integer> lines = new HashMap<>();
    Object tree = alerts == null ? null : plain(alerts, "alerts", lines);
    return new AlertSettingsParser(file, lines, env).settings(tree);
  }

  public static AlertSettings fromMap(Map<String, ?> alerts, Map<String, String> env) {
    return new AlertSettingsParser(null, Map.of(), env).settings(alerts);
  }

  /** The node as maps, lists and strings, noting the line of each key path. */
  private static Object plain(Node n, String path, Map<String, Integer> lines) {
    lines.put(path, n.getStartMark().map(m -> m.getLine() + 1).orElse(0));
    if (n instanceof MappingNode) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (NodeTuple t : ((MappingNode) n).getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode ? ((ScalarNode) t.getKeyNode()).getValue() : String.valueOf(t.getKeyNode());
        m.put(key, plain(t.getValueNode(), path + "." + key, lines));
      }
      return m;
    }
    if (n instanceof SequenceNode) {
      List<Object> l = new ArrayList<>();
      List<Node> items = ((SequenceNode) n).getValue();
      for (int i = 0; i < items.size(); i++) l.add(plain(items.get(i), path + "[" + i + "]", lines));
      return l;
    }
    ScalarNode s = (ScalarNode) n;
    return s.getTag().equals(Tag.NULL) ? null : s.getValue();
  }

  private AlertSettings settings(Object tree) {
    AlertSettings d = AlertSettings.defaults();
    if (tree == null) return d;
    Map<String, ?> m = map(tree, "alerts");
    if (m == null) throw failure();
    keys(m, "alerts", Set.of("clear_after", "escalate_after", "offline_after", "degraded_after", "degraded_ratio",
        "webhook_retry", "sites"));
    Duration clear = duration(m, "alerts", "clear_after", d.clearAfter());
    Duration escalate = duration(m, "alerts", "escalate_after", d.escalateAfter());
    Duration offline = duration(m, "alerts", "offline_after", d.offlineAfter());
    Duration degraded = duration(m, "alerts", "degraded_after", d.degradedAfter());
    double ratio = number(m, "alerts", "degraded_ratio", d.degradedRatio());
    AlertSettings.Retry retry = retry(m.get("webhook_retry"), "alerts.webhook_retry");
    Map<String, AlertSettings.Site> sites = new LinkedHashMap<>();
    Map<String, ?> sm = m.get("sites") == null ? Map.of() : map(m.get("sites"), "alerts.sites");
    if (sm != null) {
      if (sm.size() > MAX_SITES) problem("alerts.sites", "has more than " + MAX_SITES + " sites");
      sm.forEach((name, v) -> {
        AlertSettings.Site s = site(v, "alerts.sites." + name);
        if (s != null) sites.put(name, s);
      });
    }
    AlertSettings result = build("alerts", () -> new AlertSettings(clear, escalate, offline, degraded, ratio,
        retry == null ? d.retry() : retry, sites));
    if (!problems.isEmpty()) throw failure();
    return result;
  }

  private AlertSettings.Retry retry(Object v, String path) {
    AlertSettings.Retry d = AlertSettings.Retry.defaults();
    if (v == null) return d;
    Map<String, ?> m = map(v, path);
    if (m == null) return null;
    keys(m, path, Set.of("attempts", "first_delay", "max_delay", "timeout"));
    int attempts = (int) number(m, path, "attempts", d.attempts());
    Duration first = duration(m, path, "first_delay", d.firstDelay());
    Duration max = duration(m, path, "max_delay", d.maxDelay());
    Duration timeout = duration(m, path, "timeout", d.timeout());
    return build(path, () -> new AlertSettings.Retry(attempts, first, max, timeout));
  }

  private AlertSettings.Site site(Object v, String path) {
    if (v == null) return new AlertSettings.Site(null, List.of(), List.of());
    Map<String, ?> m = map(v, path);
    if (m == null) return null;
    keys(m, path, Set.of("mqtt", "webhooks", "escalation"));
    AlertSettings.Mqtt mqtt = m.get("mqtt") == null ? null : mqtt(m.get("mqtt"), path + ".mqtt");
    List<AlertSettings.Webhook> hooks = webhooks(m.get("webhooks"), path + ".webhooks");
    List<AlertSettings.Webhook> escalation = webhooks(m.get("escalation"), path + ".escalation");
    return build(path, () -> new AlertSettings.Site(mqtt, hooks, escalation));
  }

  private AlertSettings.Mqtt mqtt(Object v, String path) {
    Map<String, ?> m = map(v, path);
    if (m == null) return null;
    keys(m, path, Set.of("host", "port", "client_id", "username", "password", "topic_prefix"));
    String host = string(m, path, "host", "127.0.0.1");
    int port = (int) number(m, path, "port", 1883);
    String clientId = string(m, path, "client_id", "vigil-alerts");
    String username = string(m, path, "username", null);
    String password = m.get("password") == null ? null : secret(m.get("password"), path + ".password");
    String prefix = string(m, path, "topic_prefix", "vigil");
    return build(path, () -> new AlertSettings.Mqtt(host, port, clientId, username, password, prefix));
  }

  private List<AlertSettings.Webhook> webhooks(Object v, String path) {
    if (v == null) return List.of();
    if (!(v instanceof List)) {
      problem(path, "must be a list of {url, secret}");
      return List.of();
    }
    List<?> l = (List<?>) v;
    if (l.size() > MAX_WEBHOOKS) problem(path, "has more than " + MAX_WEBHOOKS + " webhooks");
    List<AlertSettings.Webhook> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      String p = path + "[" + i + "]";
      Map<String, ?> m = map(l.get(i), p);
      if (m == null) continue;
      keys(m, p, Set.of("url", "secret"));
      String url = string(m, p, "url", null);
      String secret = secret(m.get("secret"), p + ".secret");
      if (url == null) {
        problem(p + ".url", "is required");
        continue;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        problem(p + ".url", "is not a URL");
        continue;
      }
      AlertSettings.Webhook w = build(p, () -> new AlertSettings.Webhook(uri, secret));
      if (w != null) out.add(w);
    }
    return out;
  }

  /** Secrets never sit in the file: only a {@code ${NAME}} reference to the environment is accepted. */
  private String secret(Object v, String path) {
    if (!(v instanceof String) || !SECRET_REF.matcher((String) v).matches()) {
      problem(path, "must be a reference to an environment variable such as ${WEBHOOK_SECRET}");
      return null;
    }
    Matcher mt = SECRET_REF.matcher((String) v);
    mt.matches();
    String value = env.get(mt.group(1));
    if (value == null || value.isEmpty()) {
      problem(path, "refers to environment variable " + mt.group(1) + ", which is not set");
      return null;
    }
    return value;
  }

  private Map<String, ?> map(Object v, String path) {
    if (v instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> m = (Map<String, ?>) v;
      return m;
    }
    problem(path, "must be a mapping");
    return null;
  }

  private void keys(Map<String, ?> m, String path, Set<String> allowed) {
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) problem(path + "." + k, "is not a known key (expected one of " + new TreeSet<>(allowed) + ")");
    }
  }

  private String string(Map<String, ?> m, String path, String key, String dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    if (v instanceof String || v instanceof Number) return v.toString();
    problem(path + "." + key, "must be a text");
    return dflt;
  }

  private double number(Map<String, ?> m, String path, String key, double dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    if (v instanceof Number) return ((Number) v).doubleValue();
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      problem(path + "." + key, "must be a number, was '" + v + "'");
      return dflt;
    }
  }

  private Duration duration(Map<String, ?> m, String path, String key, Duration dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    Matcher mt = DURATION.matcher(v.toString().trim());
    if (!mt.matches()) {
      problem(path + "." + key, "must be a duration such as 500ms, 30s, 5m, 1h or 1d, was '" + v + "'");
      return dflt;
    }
    long n = Long.parseLong(mt.group(1));
    Function<Long, Duration> unit;
    switch (mt.group(2)) {
      case "ms": unit = Duration::ofMillis; break;
      case "s": unit = Duration::ofSeconds; break;
      case "m": unit = Duration::ofMinutes; break;
      case "h": unit = Duration::ofHours; break;
      default: unit = Duration::ofDays;
    }
    return unit.apply(n);
  }

  /** Runs a record's constructor, turning its bound checks into problems at {@code path}. */
  private <T> T build(String path, Supplier<T> make) {
    if (!problems.isEmpty()) return null;
    try {
      return make.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  private void problem(String path, String what) {
    StringBuilder b = new StringBuilder();
    if (file != null) b.append(file).append(':');
    Integer line = lineOf(path);
    if (line != null && line > 0) b.append(line).append(':');
    if (b.length() > 0) b.append(' ');
    problems.add(b.append(path).append(": ").append(what).toString());
  }

  /** The line of the path, or of its nearest parent when the key itself is missing. */
  private Integer lineOf(String path) {
    String p = path;
    while (true) {
      Integer l = lines.get(p);
      if (l != null || p.indexOf('.') < 0) return l;
      p = p.substring(0, p.lastIndexOf('.'));
    }
  }

  private ConfigException failure() {
    return new ConfigException(problems);
  }
}
