package io.vigil.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed sign-ins per account and per client address over a sliding window and refuses further
 * attempts once either has too many. Per account stops guessing one password from many addresses; per
 * address stops trying one password against many accounts. Used from one event loop only.
 */
public final class LoginThrottle {
  static final Duration WINDOW = Duration.ofMinutes(15);
  public static final int MAX_PER_ACCOUNT = 5;
  static final int MAX_PER_ADDRESS = 20;
  /** Bounds memory under a flood of made-up names; the oldest entries go first. */
  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before trying again, or zero when an attempt is allowed. */
  public Duration retryAfter(String account, String address) {
    long now = clock.millis();
    long a = wait(key("u:", account), MAX_PER_ACCOUNT, now);
    long b = wait(key("ip:", address), MAX_PER_ADDRESS, now);
    return Duration.ofMillis(Math.max(a, b));
  }

  public void failed(String account, String address) {
    long now = clock.millis();
    if (failures.size() >= MAX_KEYS) prune(now);
    if (failures.size() >= MAX_KEYS) failures.remove(failures.keySet().iterator().next());
    failures.computeIfAbsent(key("u:", account), k -> new ArrayDeque<>()).addLast(now);
    failures.computeIfAbsent(key("ip:", address), k -> new ArrayDeque<>()).addLast(now);
  }

  /**
   * Takes back the attempt counted before the password was checked: clears the account's failures and
   * the address's last one.
   */
  public void succeeded(String account, String address) {
    failures.remove(key("u:", account));
    Deque<Long> d = failures.get(key("ip:", address));
    if (d != null) d.pollLast();
  }

  private long wait(String key, int max, long now) {
    Deque<Long> d = failures.get(key);
    if (d == null) return 0;
    expire(d, now);
    if (d.isEmpty()) {
      failures.remove(key);
      return 0;
    }
    if (d.size() < max) return 0;
    return d.peekFirst() + WINDOW.toMillis() - now;
  }

  private void prune(long now) {
    failures.values().forEach(d -> expire(d, now));
    failures.values().removeIf(Deque::isEmpty);
  }

  private static void expire(Deque<Long> d, long now) {
    long cutoff = now - WINDOW.toMillis();
    while (!d.isEmpty() && d.peekFirst() <= cutoff) d.removeFirst();
  }

  private static String key(String kind, String value) {
    return kind + value;
  }
}
