package io.vigil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class MaxSearchTest {
  /** Runs a search against a machine on which {@code holds} says which counts hold; returns the steps. */
  private static List<Integer> steps(MaxSearch s, IntPredicate holds) {
    List<Integer> steps = new ArrayList<>();
    while (!s.done()) {
      int n = s.next();
      steps.add(n);
      s.record(holds.test(n));
    }
    return steps;
  }

  @Test
  void doublesThenBisectsToTenPercent() {
    MaxSearch s = new MaxSearch(10);
    assertEquals(List.of(10, 20, 40, 30, 35, 32), steps(s, n -> n <= 33));
    assertEquals(32, s.largestHeld());
  }

  @Test
  void stopsWithinTenPercentOfTheLargestThatHeld() {
    MaxSearch s = new MaxSearch(8);
    steps(s, n -> n <= 100);
    assertTrue(s.largestHeld() <= 100 && s.largestHeld() >= 91, "largest " + s.largestHeld());
  }

  @Test
  void goesDownToOneCameraAndReportsZeroWhenNoneHolds() {
    MaxSearch s = new MaxSearch(4);
    assertEquals(List.of(4, 2, 1), steps(s, n -> false));
    assertEquals(0, s.largestHeld());
    assertThrows(IllegalStateException.class, s::next);
  }

  @Test
  void startMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new MaxSearch(0));
  }
}
