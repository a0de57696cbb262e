package io.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Clustered mode: several Vigil nodes share the cameras through a Vert.x cluster (Hazelcast).
 *
 * @param enabled         false runs a single node, as without this section
 * @param host            the address Hazelcast binds and announces to the other members
 * @param port            Hazelcast's member port (TCP); every member lists the others' host:port
 * @param members         the other members as single host:port entries (this node may be listed too);
 *                        discovery is TCP only, never multicast, so the list is the whole discovery
 * @param eventBusHost    the address the clustered event bus binds
 * @param eventBusPort    the event bus port; 0 picks a free one (one machine, tests), a fixed one is
 *                        what a firewall between machines needs
 * @param eventBusPublicHost the address other nodes reach this node's event bus at, when it differs
 *                        from eventBusHost (NAT, 0.0.0.0); null announces eventBusHost
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> members, String eventBusHost,
    int eventBusPort, String eventBusPublicHost) {

  /** Hazelcast's own default member port. */
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_EVENT_BUS_PORT = 5801;
  public static final ClusterSettings DISABLED =
      new ClusterSettings(false, "127.0.0.1", DEFAULT_PORT, List.of(), "127.0.0.1", DEFAULT_EVENT_BUS_PORT, null);

  /** A host name or IPv4 literal and one port: Hazelcast turns "host:5701-5703" into a range, which throws. */
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.-]{1,253}:\\d{1,5}");

  public ClusterSettings {
    members = List.copyOf(members);
  }

  /** Why {@code member} cannot be used, or null when it is a valid host:port. */
  public static String checkMember(String member) {
    if (member == null || !MEMBER.matcher(member).matches()) {
      return "'" + member + "' must be host:port with a single port, such as 10.0.0.5:5701";
    }
    int port = Integer.parseInt(member.substring(member.lastIndexOf(':') + 1));
    if (port < 1 || port > 65535) return "'" + member + "' has a port outside 1..65535";
    return null;
  }

  /** Problems of the settings as a whole (the CLI can change them after the file was read). */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    for (String m : members) {
      String p = checkMember(m);
      if (p != null) out.add("cluster.members: " + p);
    }
    if (port < 1 || port > 65535) out.add("cluster.port: must be between 1 and 65535, got " + port);
    if (eventBusPort < 0 || eventBusPort > 65535) {
      out.add("cluster.event_bus_port: must be between 0 and 65535, got " + eventBusPort);
    }
    return out;
  }

  public ClusterSettings withEnabled(boolean on) {
    return new ClusterSettings(on, host, port, members, eventBusHost, eventBusPort, eventBusPublicHost);
  }

  public ClusterSettings withHost(String h) {
    return new ClusterSettings(enabled, h, port, members, h, eventBusPort, eventBusPublicHost);
  }

  public ClusterSettings withPort(int p) {
    return new ClusterSettings(enabled, host, p, members, eventBusHost, eventBusPort, eventBusPublicHost);
  }

  public ClusterSettings withMembers(List<String> m) {
    return new ClusterSettings(enabled, host, port, m, eventBusHost, eventBusPort, eventBusPublicHost);
  }

  public ClusterSettings withEventBusPort(int p) {
    return new ClusterSettings(enabled, host, port, members, eventBusHost, p, eventBusPublicHost);
  }
}
