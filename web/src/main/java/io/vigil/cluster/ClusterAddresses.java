package io.vigil.cluster;

/**
 * Every event-bus address the nodes of a cluster talk on, in one place: what travels between nodes is
 * the cluster's protocol, so its names are kept together. Addresses
 * ending in a dot take a node or camera id.
 */
public final class ClusterAddresses {
  /** Cluster-wide: counts, tracks, statuses and alerts of every camera, relayed by each node to its viewers. */
  public static final String LIVE = "vigil.cluster.live";
  /** Cluster-wide: a node's platform is up; also what it pulls, for GET /api/v1/cluster. */
  public static final String HELLO = "vigil.cluster.hello";
  /** Cluster-wide: a starting node asks the ready ones to say so now. */
  public static final String HELLO_REQUEST = "vigil.cluster.hello-request";
  /** Cluster-wide: the registered cameras changed in the database. */
  public static final String CHANGED = "vigil.cluster.cameras-changed";
  /** Cluster-wide: a user acknowledged or resolved an alert; its camera's owner continues from there. */
  public static final String ALERT_ACTION = "vigil.cluster.alert-action";
  /**
   * Plus a node id: that node is asked to let go of a camera (the body) and answers once it neither pulls
   * it nor keeps its alerts, and what it raised for it is stored.
   */
  public static final String RELEASE = "vigil.cluster.release.";
  /** Plus a camera id: answered only by the node that pulls it (the latest frame as JPEG). */
  public static final String FRAME = "vigil.cluster.frame.";
  /** Plus a node id: that node's answers to relay requests (watch, renew, stop). */
  public static final String VIDEO_WATCH = "vigil.cluster.video.watch.";
  /** Plus a node id and a random suffix: one relay's stream, on the viewers' node. */
  public static final String VIDEO_RELAY = "vigil.cluster.video.relay.";

  /**
   * Plus a recording node's name (its host:port, as segments are indexed): that node reads one of its own
   * recorded segments (camera id and start in the body) and answers with the file's bytes.
   */
  public static final String SEGMENT = "vigil.cluster.segment.";

  private ClusterAddresses() {}
}
