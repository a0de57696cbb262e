package io.vigil.web;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logs a kind of failure at most once per {@link #WINDOW}, saying how many more of it came in the
 * window before: an outage that fails every request writes a line a minute, not a stack trace per
 * request. A known failure class is logged without its stack trace (its message says it all); an
 * unexpected one with it, still once per window.
 *
 * <p>Any thread: the counts are kept under a lock, the logging is done outside it.
 */
public final class FailureLog {
  /** One line per kind per minute: enough to follow an outage, few enough to read afterwards. */
  public static final Duration WINDOW = Duration.ofMinutes(1);
  /** Kinds remembered at most; kinds are route and failure class pairs, a few hundred at most. */
  static final int MAX_KINDS = 1_000;

  private static final class Window {
    long start;
    long suppressed;
  }

  private final System.Logger log;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
      return size() > MAX_KINDS;
    }
  };

  public FailureLog(System.Logger log) {
    this(log, System::nanoTime);
  }

  FailureLog(System.Logger log, LongSupplier nanoTime) {
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /**
   * Logs {@code message} unless a failure of {@code kind} was logged less than a window ago, in which
   * case it is only counted.
   *
   * @param trace the stack trace to log with it, or null for a known failure class
   * @return whether it was logged
   */
  public boolean log(Level level, String kind, String message, Throwable trace) {
    long now = nanoTime.getAsLong();
    long before;
    synchronized (windows) {
      Window w = windows.get(kind);
      if (w != null && now - w.start < WINDOW.toNanos()) {
        w.suppressed++;
        return false;
      }
      if (w == null) {
        w = new Window();
        windows.put(kind, w);
      }
      before = w.suppressed;
      w.start = now;
      w.suppressed = 0;
    }
    String line = before == 0 ? message
        : message + " (and " + before + " more like it since the last report)";
    if (trace == null) {
      log.log(level, line);
    } else {
      log.log(level, line, trace);
    }
    return true;
  }
}
