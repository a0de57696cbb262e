package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigil.analytics.PassPlanner.Pass;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PassPlannerTest {
  private static final BooleanSupplier EXPLAINED = () -> true;
  private static final BooleanSupplier UNEXPLAINED = () -> false;
  /** For decisions that must not need the (costly) explanation. */
  private static final BooleanSupplier NOT_ASKED = () -> fail("explanation asked for");

  @Test
  void gatedRunsAWholePassWhenTheRefreshIsDueAndSomethingMoves() {
    assertEquals(Pass.FULL, PassPlanner.plan(DetectionSchedule.GATED, true, true, false, false, NOT_ASKED));
    assertEquals(Pass.FULL, PassPlanner.plan(DetectionSchedule.GATED, true, true, true, false, NOT_ASKED));
  }

  @Test
  void gatedRefreshesAStillSceneOverItsTracksOnly() {
    assertEquals(Pass.TRACKS, PassPlanner.plan(DetectionSchedule.GATED, true, false, true, false, NOT_ASKED));
  }

  @Test
  void gatedSkipsTheRefreshOfAnEmptyStillScene() {
    assertEquals(Pass.NONE, PassPlanner.plan(DetectionSchedule.GATED, true, false, false, true, NOT_ASKED));
  }

  @Test
  void gatedRestsWhenNothingMoved() {
    assertEquals(Pass.NONE, PassPlanner.plan(DetectionSchedule.GATED, false, false, true, true, NOT_ASKED));
  }

  @Test
  void gatedTrustsTheTracksOnlyWhenTheyExplainTheMotionAndNoVerificationIsDue() {
    assertEquals(Pass.TRACKED, PassPlanner.plan(DetectionSchedule.GATED, false, true, true, false, EXPLAINED));
    assertEquals(Pass.REGION, PassPlanner.plan(DetectionSchedule.GATED, false, true, true, false, UNEXPLAINED));
    assertEquals(Pass.REGION, PassPlanner.plan(DetectionSchedule.GATED, false, true, true, true, NOT_ASKED));
  }

  @Test
  void everyFrameRunsAWholePassWhateverMoved() {
    for (boolean refresh : new boolean[] {false, true}) {
      for (boolean moved : new boolean[] {false, true}) {
        for (boolean tracking : new boolean[] {false, true}) {
          assertEquals(Pass.FULL,
              PassPlanner.plan(DetectionSchedule.EVERY_FRAME, refresh, moved, tracking, false, NOT_ASKED));
        }
      }
    }
  }

  @Test
  void onlyWholeAndRegionPassesRunTheDetector() {
    assertEquals(true, Pass.FULL.runsDetector());
    assertEquals(true, Pass.REGION.runsDetector());
    assertEquals(true, Pass.TRACKS.runsDetector());
    assertEquals(false, Pass.TRACKED.runsDetector());
    assertEquals(false, Pass.NONE.runsDetector());
  }
}
