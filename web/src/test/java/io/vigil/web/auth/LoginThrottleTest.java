package io.vigil.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void blocksAnAccountAfterTooManyFailuresUntilTheWindowPasses() {
    LoginThrottle t = new LoginThrottle(clock);
    for (int i = 0; i < LoginThrottle.MAX_PER_ACCOUNT; i++) {
      assertEquals(Duration.ZERO, t.retryAfter("alice", "10.0.0." + i));
      t.failed("alice", "10.0.0." + i);
    }
    assertEquals(LoginThrottle.WINDOW, t.retryAfter("alice", "10.0.0.99"));
    assertEquals(Duration.ZERO, t.retryAfter("bob", "10.0.0.99"), "other accounts are unaffected");
    now = now.plus(LoginThrottle.WINDOW);
    assertEquals(Duration.ZERO, t.retryAfter("alice", "10.0.0.99"));
  }

  @Test
  void blocksAnAddressSprayingManyAccounts() {
    LoginThrottle t = new LoginThrottle(clock);
    for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS; i++) t.failed("user" + i, "192.0.2.1");
    assertTrue(t.retryAfter("someone-else", "192.0.2.1").compareTo(Duration.ZERO) > 0);
    assertEquals(Duration.ZERO, t.retryAfter("someone-else", "192.0.2.2"));
  }

  @Test
  void successTakesBackItsOwnAttempt() {
    LoginThrottle t = new LoginThrottle(clock);
    for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS * 2; i++) {
      t.failed("carol", "192.0.2.3");
      t.succeeded("carol", "192.0.2.3");
    }
    assertEquals(Duration.ZERO, t.retryAfter("carol", "192.0.2.3"));
  }
}
