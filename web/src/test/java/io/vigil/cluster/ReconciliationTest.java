package io.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cluster's reconciliation without a cluster: what a node lets go of, takes and replaces. */
class ReconciliationTest {
  private static final List<CameraConfig> CAMERAS =
      IntStream.range(0, 12).mapToObj(i -> camera("cam-" + i, 1, true)).toList();

  private static CameraConfig camera(String id, double fps, boolean enabled) {
    return new CameraConfig(id, "Camera " + id, "site", CameraType.QUARANTINE_SITE, new Location(51.45, -0.97),
        new StreamSource.Rtsp(URI.create(TestClosedPort.rtsp(id)), Credentials.none()), null, fps, List.of(),
        enabled, null);
  }

  private static TreeSet<String> members(String... ids) {
    return new TreeSet<>(List.of(ids));
  }

  private static Map<String, CameraConfig> running(String node, Map<String, String> assignment) {
    Map<String, CameraConfig> out = new HashMap<>();
    for (CameraConfig c : CAMERAS) {
      if (node.equals(assignment.get(c.id()))) out.put(c.id(), c);
    }
    return out;
  }

  @Test
  void aSingleNodeTakesEveryEnabledCameraAndKeepsTheOrphans() {
    List<CameraConfig> cameras = List.of(camera("on", 1, true), camera("off", 1, false));
    Reconciliation r = Reconciliation.plan("a", members("a"), cameras, Map.of(), null, Map.of(), Set.of("gone"));
    assertEquals(Map.of("on", "a"), r.assignment());
    assertEquals("a", r.keeper());
    assertEquals(List.of(new Reconciliation.Start(cameras.get(0), false)), r.start());
    assertEquals(List.of(), r.drop());
    // Still the keeper, and no node pulls it: the orphan's alerts stay here.
    assertEquals(Map.of(), r.dropOrphans());
    assertEquals(Map.of(), r.before());
    assertNull(r.keptBefore());
  }

  @Test
  void aJoiningNodeTakesOverFromTheAssignmentWithoutIt() {
    Reconciliation r = Reconciliation.plan("b", members("a", "b"), CAMERAS, Map.of(), null, Map.of(), Set.of());
    List<String> ids = CAMERAS.stream().map(CameraConfig::id).toList();
    assertEquals(CameraAssignment.assign(List.of("a"), ids), r.before());
    assertEquals("a", r.keptBefore());
    assertEquals(CameraAssignment.assign(List.of("a", "b"), ids), r.assignment());
    List<String> taken = r.start().stream().map(s -> s.camera().id()).toList();
    assertEquals(r.assignment().entrySet().stream().filter(e -> e.getValue().equals("b")).map(Map.Entry::getKey)
        .sorted().toList(), taken.stream().sorted().toList());
    assertTrue(r.start().stream().noneMatch(Reconciliation.Start::replacing));
  }

  @Test
  void aNodeLetsGoOfWhatANewMemberGetsAndStartsNothingItAlreadyPulls() {
    List<String> ids = CAMERAS.stream().map(CameraConfig::id).toList();
    Map<String, String> alone = CameraAssignment.assign(List.of("a"), ids);
    Reconciliation r = Reconciliation.plan("a", members("a", "b"), CAMERAS, alone, "a", running("a", alone), Set.of());
    Set<String> toB = new TreeSet<>();
    r.assignment().forEach((camera, node) -> {
      if (node.equals("b")) toB.add(camera);
    });
    assertEquals(toB, new TreeSet<>(r.drop()));
    assertEquals(List.of(), r.start());
    assertEquals(alone, r.before());
  }

  @Test
  void aChangedConfigurationIsReplacedInPlace() {
    CameraConfig was = camera("cam-0", 1, true);
    CameraConfig now = camera("cam-0", 2, true);
    Reconciliation r = Reconciliation.plan("a", members("a"), List.of(now), Map.of("cam-0", "a"), "a",
        Map.of("cam-0", was), Set.of());
    assertEquals(List.of(new Reconciliation.Start(now, true)), r.start());
    assertEquals(List.of(), r.drop());
  }

  @Test
  void onlyTheSmallestMemberKeepsTheOrphansAndAPulledOneIsNoOrphan() {
    List<CameraConfig> cameras = List.of(camera("cam-0", 1, true));
    Reconciliation notKeeper = Reconciliation.plan("b", members("a", "b"), cameras, Map.of("cam-0", "b"), "b",
        Map.of(), new TreeSet<>(Set.of("gone")));
    assertEquals("a", notKeeper.keeper());
    assertEquals(Map.of("gone", false), notKeeper.dropOrphans());

    // cam-0 was an orphan kept here and is enabled again: it is pulled by whoever the assignment says.
    Reconciliation keeper = Reconciliation.plan("a", members("a"), cameras, Map.of(), null, Map.of(),
        new TreeSet<>(Set.of("cam-0", "gone")));
    assertEquals(Map.of("cam-0", true), keeper.dropOrphans());
  }
}
