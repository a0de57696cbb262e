package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final long S = 1_000_000_000L;
  private final Watchdog dog = new Watchdog(Duration.ofSeconds(5));

  @Test
  void onlineStreamWithoutFramesForATimeoutIsStalled() {
    assertEquals(Watchdog.Verdict.OK, dog.check(104 * S, CameraState.ONLINE, 90 * S, 100 * S, 0));
    assertEquals(Watchdog.Verdict.STALLED, dog.check(106 * S, CameraState.ONLINE, 90 * S, 100 * S, 0));
  }

  @Test
  void aJustConnectedStreamGetsAFullTimeoutForItsFirstFrame() {
    assertEquals(Watchdog.Verdict.OK, dog.check(104 * S, CameraState.ONLINE, 100 * S, 0, 0));
    assertEquals(Watchdog.Verdict.STALLED, dog.check(105 * S + 1, CameraState.ONLINE, 100 * S, 0, 0));
  }

  @Test
  void keyframesFurtherApartThanTheTimeoutAreNoStallWhileOnlyTheyAreDecoded() {
    // A 4 s GOP decoded at keyframes only: two intervals of quiet are allowed, not one timeout.
    assertEquals(Watchdog.Verdict.OK, dog.check(107 * S, CameraState.ONLINE, 90 * S, 100 * S, 4 * S));
    assertEquals(Watchdog.Verdict.STALLED, dog.check(108 * S + 1, CameraState.ONLINE, 90 * S, 100 * S, 4 * S));
    // A short GOP keeps the stream timeout.
    assertEquals(Watchdog.Verdict.STALLED, dog.check(106 * S, CameraState.ONLINE, 90 * S, 100 * S, S));
  }

  @Test
  void onlyOnlineCamerasAreWatched() {
    for (CameraState s : CameraState.values()) {
      if (s != CameraState.ONLINE) assertEquals(Watchdog.Verdict.OK, dog.check(1000 * S, s, 0, 0, 0));
    }
  }

  @Test
  void socketTimeoutIsTwoFifthsOfTheStreamTimeoutBecauseJavacvOpensTwice() {
    assertEquals(2_000_000, dog.socketTimeoutMicros());
  }

  @Test
  void aConnectionThatWentQuietAfterFramesStalledOtherwiseItIsOffline() {
    assertEquals(CameraState.STALLED, dog.failedAs(103 * S, 50, 100 * S));
    assertEquals(CameraState.OFFLINE, dog.failedAs(101 * S, 50, 100 * S));
    assertEquals(CameraState.STALLED, dog.failedAs(102 * S, 50, 100 * S));
    assertEquals(CameraState.OFFLINE, dog.failedAs(103 * S, 0, 0));
  }
}
