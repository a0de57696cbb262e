package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TrackerTest {
  private static final FrameProbe MOVING = probe(1.0, new float[] {1, -1});
  private static final FrameProbe STILL = probe(0.0, new float[] {1, -1});

  private static FrameProbe probe(double motion, float[] patch) {
    return new FrameProbe() {
      @Override public double motion(Box box) { return motion; }
      @Override public float[] patch(Box box) { return patch; }
    };
  }

  private static Tracker tracker() {
    return new Tracker(0.5, 2, 2000, 60_000);
  }

  private static Detection person(double x, double y, double score) {
    return new Detection(ObjectClass.PERSON, new Box(x, y, x + 30, y + 80), score);
  }

  @Test
  void walkersKeepTheirIdsAtTenFps() {
    Tracker t = tracker();
    Set<Long> ids = new TreeSet<>();
    for (int f = 0; f < 50; f++) {
      // Two people walking towards each other on different rows, 2 px per frame.
      t.update(List.of(person(100 + 2 * f, 100, 0.8), person(400 - 2 * f, 300, 0.8)), f * 100L, MOVING, 640, 480);
      if (f >= 1) {
        assertEquals(2, t.confirmed().size(), "frame " + f);
        t.confirmed().forEach(v -> ids.add(v.id()));
      }
    }
    assertEquals(2, ids.size(), "ids " + ids);
  }

  @Test
  void walkersKeepTheirIdsAtOneFpsWhenBoxesNoLongerOverlap() {
    Tracker t = tracker();
    Set<Long> ids = new TreeSet<>();
    for (int s = 0; s < 20; s++) {
      // 40 px per second: consecutive boxes (30 px wide) do not overlap at all.
      t.update(List.of(person(50 + 40 * s, 100, 0.8)), s * 1000L, MOVING, 1280, 480);
      t.confirmed().forEach(v -> ids.add(v.id()));
    }
    assertEquals(Set.of(1L), ids);
  }

  @Test
  void aMissedDetectionIsBridgedByThePrediction() {
    Tracker t = tracker();
    for (int f = 0; f < 10; f++) {
      t.update(List.of(person(100 + 5 * f, 100, 0.8)), f * 100L, MOVING, 640, 480);
    }
    for (int f = 10; f < 15; f++) {
      t.update(List.of(), f * 100L, MOVING, 640, 480);
      assertEquals(1, t.confirmed().size());
      // Predicted forward at the learnt velocity.
      assertEquals(100 + 5 * f, t.confirmed().get(0).box().left(), 3.0);
    }
    t.update(List.of(person(175, 100, 0.8)), 1500L, MOVING, 640, 480);
    assertEquals(1L, t.confirmed().get(0).id());
  }

  @Test
  void lostWalkersAreDroppedAfterTheMaxAge() {
    Tracker t = tracker();
    for (int f = 0; f < 5; f++) {
      t.update(List.of(person(100 + 5 * f, 100, 0.8)), f * 100L, MOVING, 640, 480);
    }
    t.update(List.of(), 2400L, MOVING, 640, 480);
    assertEquals(1, t.confirmed().size());
    t.update(List.of(), 2500L, MOVING, 640, 480);
    assertEquals(0, t.confirmed().size());
  }

  @Test
  void peopleStandingStillStayCountedWhenTheDetectorMissesThem() {
    Tracker t = tracker();
    // Walks into the queue, then stands.
    for (int f = 0; f < 10; f++) {
      t.update(List.of(person(100 + Math.max(0, 5 - f) * 4, 100, 0.8)), f * 100L, MOVING, 640, 480);
    }
    for (int s = 1; s <= 50; s++) {
      t.update(List.of(), 1000L + s * 1000L, STILL, 640, 480);
      assertEquals(1, t.confirmed().size(), "second " + s);
    }
  }

  @Test
  void aStillTrackWhosePixelsChangedIsGoneAfterTheMaxAge() {
    Tracker t = tracker();
    for (int f = 0; f < 10; f++) {
      t.update(List.of(person(100 + Math.max(0, 5 - f) * 4, 100, 0.8)), f * 100L, MOVING, 640, 480);
    }
    // Nothing moves there any more, but the spot now shows the background: the person left unseen.
    FrameProbe revealed = probe(0.0, new float[] {-40, 40});
    t.update(List.of(), 2900L, revealed, 640, 480);
    assertEquals(1, t.confirmed().size());
    t.update(List.of(), 3000L, revealed, 640, 480);
    assertEquals(0, t.confirmed().size());
  }

  @Test
  void somethingThatNeverMovesIsNeverCounted() {
    Tracker t = tracker();
    for (int f = 0; f < 30; f++) {
      t.update(List.of(person(100, 100, 0.8)), f * 100L, STILL, 640, 480);
      assertTrue(t.confirmed().isEmpty());
    }
  }

  @Test
  void weakDetectionsExtendTracksButStartNone() {
    Tracker t = tracker();
    for (int f = 0; f < 3; f++) {
      t.update(List.of(person(100 + 2 * f, 100, 0.8)), f * 100L, MOVING, 640, 480);
    }
    List<Detection> weak = new ArrayList<>();
    weak.add(person(106, 100, 0.2));
    weak.add(person(400, 300, 0.3));
    for (int f = 3; f < 40; f++) {
      t.update(weak, f * 100L, MOVING, 640, 480);
    }
    // The occluded person keeps id 1 well past the max age; the weak stranger never became a track.
    assertEquals(1, t.confirmed().size());
    assertEquals(1L, t.confirmed().get(0).id());
  }

  @Test
  void tracksAreSettledOnceEveryWalkerIsConfirmedMatchedByTheLastPassAndSeenThrice() {
    Tracker t = tracker();
    t.update(List.of(person(100, 100, 0.8)), 0, MOVING, 640, 480);
    // A walker seen once is tentative: only the detector can confirm them.
    assertFalse(t.settled(0, 3));
    t.update(List.of(person(140, 100, 0.8)), 1000, MOVING, 640, 480);
    // Confirmed, but its velocity rests on two boxes.
    assertFalse(t.settled(1000, 3));
    t.update(List.of(person(180, 100, 0.8)), 2000, MOVING, 640, 480);
    assertTrue(t.settled(2000, 3));
    // Not matched by a later pass: its prediction is no longer checked.
    assertFalse(t.settled(3000, 3));
    t.update(null, 3000, MOVING, 640, 480);
    assertTrue(t.settled(2000, 3));
  }

  @Test
  void aStaticLookAlikeDoesNotUnsettleTheTracks() {
    Tracker t = tracker();
    for (int s = 0; s < 3; s++) {
      t.update(List.of(person(100 + 40 * s, 100, 0.8)), s * 1000L, MOVING, 640, 480);
    }
    // A sign post seen from now on, where nothing moves: tentative for ever, never a reason to look again.
    FrameProbe movingLeftOnly = new FrameProbe() {
      @Override public double motion(Box box) { return box.left() < 300 ? 1.0 : 0.0; }
      @Override public float[] patch(Box box) { return new float[] {1, -1}; }
    };
    t.update(List.of(person(220, 100, 0.8), person(500, 300, 0.8)), 3000, movingLeftOnly, 640, 480);
    assertEquals(1, t.confirmed().size());
    assertTrue(t.settled(3000, 3));
  }
}
