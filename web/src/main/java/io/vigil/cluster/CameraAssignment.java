package io.vigil.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which node pulls which camera: rendezvous (highest random weight) hashing with bounded loads. Every
 * node computes it alone from the same inputs (the sorted ready members and camera ids) and gets the
 * same answer, so no coordinator and no shared map are needed and a dead coordinator cannot stall a
 * takeover. Each camera goes to the node ranking highest for it that still has room, and loads
 * differ by at most one camera, while a membership change moves few cameras
 * besides those of the node that came or went.
 */
final class CameraAssignment {
  private CameraAssignment() {}

  /** camera id to node id; empty when there is no node. */
  static Map<String, String> assign(Collection<String> nodes, Collection<String> cameras) {
    if (nodes.isEmpty()) return Map.of();
    List<String> members = nodes.stream().distinct().sorted().toList();
    List<String> ids = cameras.stream().distinct().sorted().toList();
    // floor(C/N) each, and C mod N of them one more: loads then differ by at most one camera.
    int floor = ids.size() / members.size();
    int extra = ids.size() % members.size();
    Map<String, Integer> load = new HashMap<>();
    Map<String, String> out = new TreeMap<>();
    for (String camera : ids) {
      String best = null;
      long bestScore = 0;
      for (String node : members) {
        int l = load.getOrDefault(node, 0);
        if (l > floor || (l == floor && extra == 0)) continue;
        long score = score(node, camera);
        // Ties (one in 2^64) go to the smaller node id, which every node agrees on.
        if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
          best = node;
          bestScore = score;
        }
      }
      out.put(camera, best);
      if (load.merge(best, 1, Integer::sum) > floor) extra--;
    }
    return out;
  }

  /** FNV-1a over "node/camera", finished with a 64-bit mixer so that near-equal ids spread. */
  static long score(String node, String camera) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (node + "/" + camera).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
