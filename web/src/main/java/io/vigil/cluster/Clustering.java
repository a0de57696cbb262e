package io.vigil.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vigil.config.ClusterSettings;
import java.util.List;

/** Makes the Vert.x instance: plain on a single node, clustered through Hazelcast with {@code cluster:}. */
public final class Clustering {
  /** Nodes of one Vigil deployment find each other under this name; other Hazelcast clusters are ignored. */
  static final String CLUSTER_NAME = "vigil";
  /**
   * A member sends a heartbeat every second, and one silent for five is removed: a SIGKILLed node's
   * cameras are then taken over within about 5 s plus a reconnect, inside the 15 s the issue allows.
   * Hazelcast's defaults (5 s / 60 s) would leave them dark for a minute. Five beats of slack keep a
   * node through a long GC pause or a busy moment on a 2-core machine.
   */
  static final int HEARTBEAT_SECONDS = 1;
  static final int MAX_NO_HEARTBEAT_SECONDS = 5;

  private Clustering() {}

  public static Future<Vertx> vertx(ClusterSettings settings, VertxOptions options) {
    if (!settings.enabled()) return Future.succeededFuture(Vertx.vertx(options));
    options.setEventBusOptions(new EventBusOptions()
        .setHost(settings.eventBusHost())
        .setPort(settings.eventBusPort())
        .setClusterPublicHost(settings.eventBusPublicHost()));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(settings)))
        .buildClustered();
  }

  static Config hazelcast(ClusterSettings s) {
    // Vert.x's defaults hold the maps and multimaps it needs (subscriptions with one backup).
    Config c = ConfigUtil.loadConfig();
    c.setClusterName(CLUSTER_NAME);
    // No call home from an operations centre's network (and none is reachable from most).
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
    c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    // Vigil leaves the cluster in its own shutdown hook, after its cameras stopped; Hazelcast's hook
    // would leave first and let another node start them while they still run here.
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    // Bind and announce the configured address, not whatever interface Hazelcast picks first.
    c.setProperty("hazelcast.local.localAddress", s.host());
    NetworkConfig net = c.getNetworkConfig();
    net.setPort(s.port()).setPortAutoIncrement(false);
    JoinConfig join = net.getJoin();
    // Multicast discovery would join any Vigil on the segment, test runs included; members are listed.
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(s.members().isEmpty()
        ? List.of(s.host() + ":" + s.port()) : s.members());
    return c;
  }
}
