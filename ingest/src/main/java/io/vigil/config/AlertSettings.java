package io.vigil.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code alerts:} section of {@code cameras.yml}: when incidents open, close and escalate, and where
 * each site's alerts are delivered. Every value is checked against its bounds when built.
 *
 * @param clearAfter     how long a condition must stay clear before its alert closes itself
 * @param escalateAfter  how long an alert may stay unacknowledged before it is escalated
 * @param offlineAfter   how long a camera must stay offline before an alert opens
 * @param degradedAfter  how long a camera must analyse too slowly before an alert opens
 * @param degradedRatio  a camera is degraded when it analyses fewer than this share of its target fps
 * @param retry          webhook retries
 * @param sites          delivery per site name, as in the cameras' {@code site}; {@code "*"} serves
 *                       cameras of sites not listed
 */
public record AlertSettings(
    Duration clearAfter,
    Duration escalateAfter,
    Duration offlineAfter,
    Duration degradedAfter,
    double degradedRatio,
    Retry retry,
    Map<String, Site> sites) {

  public static final String ANY_SITE = "*";

  public AlertSettings {
    between("clear_after", clearAfter, Duration.ZERO, Duration.ofHours(24));
    between("escalate_after", escalateAfter, Duration.ofSeconds(1), Duration.ofDays(7));
    between("offline_after", offlineAfter, Duration.ZERO, Duration.ofHours(24));
    between("degraded_after", degradedAfter, Duration.ZERO, Duration.ofHours(24));
    if (!(degradedRatio > 0 && degradedRatio < 1)) {
      throw new IllegalArgumentException("degraded_ratio must be between 0 and 1 (exclusive), was " + degradedRatio);
    }
    Objects.requireNonNull(retry, "retry");
    sites = Map.copyOf(sites);
  }

  /**
   * No delivery but the web inbox: 30 s to clear, 5 min to escalate, {@link #OFFLINE_AFTER} offline, 60 s
   * degraded at half rate.
   */
  public static AlertSettings defaults() {
    return new AlertSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), OFFLINE_AFTER,
        Duration.ofSeconds(60), 0.5, Retry.defaults(), Map.of());
  }

  /**
   * 15 s without a frame, counted from the last frame (not from when the watchdog noticed). Above what
   * a dropped connection costs when the camera answers again: FFmpeg's socket timeout ends a silent
   * stream 2 s after its last frame at the default 5 s stream timeout, a watchdog stall at most two
   * timeouts (10 s), and the reconnect then takes the first backoffs (0.5-2 s) and a connection (under a
   * second on a LAN). Below an outage that matters: with 30 s a camera blind for 20 s, long enough for a
   * crowd to form and go unseen, raised nothing (issue #20).
   */
  public static final Duration OFFLINE_AFTER = Duration.ofSeconds(15);

  /**
   * Reads the value of the {@code alerts:} key of a YAML document (null: {@link #defaults()}); {@code
   * ${NAME}} references are resolved from {@code env}.
   *
   * @param file named in error messages, with the line of each problem
   * @throws ConfigException listing every problem
   */
  public static AlertSettings parse(Node alerts, String file, Map<String, String> env) {
    return AlertSettingsParser.parse(alerts, file, env);
  }

  /** The same from plain values (maps, lists, strings, numbers), for settings not read from YAML. */
  public static AlertSettings fromMap(Map<String, ?> alerts, Map<String, String> env) {
    return AlertSettingsParser.fromMap(alerts, env);
  }

  /**
   * The same settings with every MQTT client id made unique to one cluster node. All nodes read the same
   * file, and a broker drops the older session when a second client connects with the same id, so
   * without this the nodes would keep disconnecting one another.
   */
  public AlertSettings forNode(String nodeId) {
    Map<String, Site> out = new HashMap<>();
    sites.forEach((name, s) -> out.put(name, s.mqtt() == null ? s
        : new Site(s.mqtt().forNode(nodeId), s.webhooks(), s.escalation())));
    return new AlertSettings(clearAfter, escalateAfter, offlineAfter, degradedAfter, degradedRatio, retry, out);
  }

  /** Delivery for a camera's site: its own, else the {@code "*"} entry, else the web inbox only. */
  public Site site(String name) {
    Site s = name == null ? null : sites.get(name);
    if (s == null) s = sites.get(ANY_SITE);
    return s == null ? Site.NONE : s;
  }

  /**
   * @param mqtt       null for no MQTT
   * @param webhooks   receive every alert change
   * @param escalation receive alerts again when they escalate
   */
  public record Site(Mqtt mqtt, List<Webhook> webhooks, List<Webhook> escalation) {
    static final Site NONE = new Site(null, List.of(), List.of());

    public Site {
      webhooks = List.copyOf(webhooks);
      escalation = List.copyOf(escalation);
    }
  }

  /**
   * An MQTT broker. Alerts go to {@code <topicPrefix>/<site>/<camera>/alerts} (QoS 1), the latest counts
   * to {@code <topicPrefix>/<site>/<camera>/counts} (retained).
   *
   * @param username null for none
   * @param password resolved from a {@code ${NAME}} reference; null for none
   */
  public record Mqtt(String host, int port, String clientId, String username, String password, String topicPrefix) {
    public Mqtt {
      if (host == null || host.isBlank()) throw new IllegalArgumentException("mqtt host is required");
      if (port < 1 || port > 65535) throw new IllegalArgumentException("mqtt port must be 1-65535, was " + port);
      if (clientId == null || !clientId.matches("[A-Za-z0-9_-]{1,23}")) {
        throw new IllegalArgumentException("mqtt client_id must be 1-23 letters, digits, '_' or '-'");
      }
      if (topicPrefix == null || !topicPrefix.matches("[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,3}")) {
        throw new IllegalArgumentException("mqtt topic_prefix must be 1-4 levels of letters, digits, '_' or '-'");
      }
    }

    /**
     * This client id with a suffix derived from the node id: MQTT 3.1 brokers may refuse ids over 23
     * characters, so the configured id is shortened to leave room for a dash and 6 base-36 characters
     * (2 billion values: two nodes of one cluster colliding is negligible).
     */
    public Mqtt forNode(String nodeId) {
      long h = 0xcbf29ce484222325L;
      for (byte b : nodeId.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      String tag = Long.toString(Long.remainderUnsigned(h, 2_176_782_336L), 36);
      tag = "0".repeat(6 - tag.length()) + tag;
      String base = clientId.length() > 16 ? clientId.substring(0, 16) : clientId;
      return new Mqtt(host, port, base + "-" + tag, username, password, topicPrefix);
    }

    @Override
    public String toString() {
      return "Mqtt[" + host + ":" + port + ", client " + clientId + ", user " + username + ", password="
          + (password == null ? "none" : "***") + ", prefix " + topicPrefix + "]";
    }
  }

  /** A receiver of signed HTTP POSTs; {@code secret} keys the HMAC-SHA256 signature. */
  public record Webhook(URI url, String secret) {
    public Webhook {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("webhook url must be http or https");
      }
      if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
        throw new IllegalArgumentException("webhook url needs a host and no user info or fragment");
      }
      if (secret == null || secret.length() < 16) {
        throw new IllegalArgumentException("webhook secret must be at least 16 characters");
      }
    }

    /** The URL without its query, which may carry a token: safe to log and to show admins. */
    public String safeUrl() {
      return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public String toString() {
      return "Webhook[" + safeUrl() + ", secret=***]";
    }
  }

  /**
   * Webhook attempts: the n-th retry waits a random time up to {@code min(maxDelay, firstDelay * 2^(n-1))}.
   * After {@code attempts} failures the delivery goes to the dead-letter list.
   */
  public record Retry(int attempts, Duration firstDelay, Duration maxDelay, Duration timeout) {
    public Retry {
      if (attempts < 1 || attempts > 50) throw new IllegalArgumentException("retry attempts must be 1-50, was " + attempts);
      between("retry first_delay", firstDelay, Duration.ofMillis(1), Duration.ofHours(1));
      between("retry max_delay", maxDelay, firstDelay, Duration.ofDays(1));
      between("retry timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
    }

    public static Retry defaults() {
      return new Retry(8, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(10));
    }
  }

  private static void between(String name, Duration d, Duration min, Duration max) {
    Objects.requireNonNull(d, name);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + d);
    }
  }
}
