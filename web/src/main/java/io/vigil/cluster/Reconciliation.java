package io.vigil.cluster;

import io.vigil.config.CameraConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one node does to follow a change of members or cameras, computed from what it knows and nothing
 * else: a pure function, so that the rules (the first assignment, who keeps the orphans' alerts, what
 * is let go of, taken or replaced) are tested without a cluster. {@link ClusterNode} carries it out,
 * letting go before it takes.
 *
 * @param assignment  camera id to node id; every node computes the same from the same members and cameras
 * @param keeper      the node that keeps the alerts of cameras no node pulls: the smallest ready member
 * @param before      the assignment the cameras were held under; for a node's first, the one without it
 * @param keptBefore  the keeper under {@code before}, null when there was none
 * @param drop        cameras this node pulls and must let go of
 * @param dropOrphans orphans whose alerts this node stops keeping, each to whether it now pulls the camera
 * @param start       cameras this node starts pulling, or keeps pulling with a new configuration, in the
 *                    catalogue's order
 */
record Reconciliation(Map<String, String> assignment, String keeper, Map<String, String> before, String keptBefore,
    List<String> drop, Map<String, Boolean> dropOrphans, List<Start> start) {

  /** A camera to take over from its previous holders, or ({@code replacing}) to restart with its new configuration. */
  record Start(CameraConfig camera, boolean replacing) {}

  Reconciliation {
    // Sorted by camera id, as GET /api/v1/cluster lists them.
    assignment = Collections.unmodifiableMap(new TreeMap<>(assignment));
    before = Collections.unmodifiableMap(new TreeMap<>(before));
    drop = List.copyOf(drop);
    dropOrphans = Collections.unmodifiableMap(new LinkedHashMap<>(dropOrphans));
    start = List.copyOf(start);
  }

  /**
   * @param self     this node
   * @param members  the ready members, this node included
   * @param cameras  every camera of the catalogue, disabled ones included
   * @param previous the last assignment this node computed; empty before its first
   * @param running  the cameras this node pulls now, with the configuration each was started with
   * @param orphans  the cameras no node pulls whose alerts this node keeps
   */
  static Reconciliation plan(String self, SortedSet<String> members, List<CameraConfig> cameras,
      Map<String, String> previous, String previousKeeper, Map<String, CameraConfig> running,
      Collection<String> orphans) {
    List<CameraConfig> enabled = cameras.stream().filter(CameraConfig::enabled).toList();
    List<String> ids = enabled.stream().map(CameraConfig::id).toList();
    Map<String, String> before = previous;
    String keptBefore = previousKeeper;
    if (previous.isEmpty()) {
      // This node's first assignment: the others began dropping what it gets as soon as its hello came,
      // so their hellos may no longer say so; the assignment without this node says who held what.
      TreeSet<String> others = new TreeSet<>(members);
      others.remove(self);
      before = CameraAssignment.assign(others, ids);
      keptBefore = others.isEmpty() ? null : others.first();
    }
    Map<String, String> next = CameraAssignment.assign(members, ids);
    String nextKeeper = members.first();
    List<String> drop = new ArrayList<>();
    for (String id : running.keySet()) {
      if (!self.equals(next.get(id))) drop.add(id);
    }
    Map<String, Boolean> dropOrphans = new LinkedHashMap<>();
    for (String id : orphans) {
      if (!self.equals(nextKeeper) || next.containsKey(id)) dropOrphans.put(id, self.equals(next.get(id)));
    }
    List<Start> start = new ArrayList<>();
    for (CameraConfig c : enabled) {
      if (!self.equals(next.get(c.id()))) continue;
      CameraConfig was = running.get(c.id());
      if (was == null) start.add(new Start(c, false));
      else if (!was.equals(c)) start.add(new Start(c, true));
    }
    return new Reconciliation(next, nextKeeper, before, keptBefore, drop, dropOrphans, start);
  }
}
