package io.vigil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FailureLogTest {
  private record Line(Level level, String message, Throwable trace) {}

  /** A System.Logger that keeps what it is given. */
  private static final class Recorder implements System.Logger {
    final List<Line> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "recorder";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(new Line(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(new Line(level, format, null));
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
      lines.add(new Line(level, msgSupplier.get(), thrown));
    }
  }

  private final Recorder recorder = new Recorder();
  private final AtomicLong now = new AtomicLong(1_000);
  private final FailureLog log = new FailureLog(recorder, now::get);

  @Test
  void eachKindIsLoggedOncePerWindowWithTheCountOfThoseInBetween() {
    assertTrue(log.log(Level.WARNING, "db", "database unavailable", null));
    for (int i = 0; i < 79; i++) {
      now.addAndGet(1_000_000_000L); // a request a second, the 80 of the outage
      if (i < 58) assertFalse(log.log(Level.WARNING, "db", "database unavailable", null));
      else log.log(Level.WARNING, "db", "database unavailable", null);
    }
    // 80 failures over 79 s: the first, one at 60 s with the 59 before it counted, and the 19 after waiting.
    assertEquals(2, recorder.lines.size());
    assertEquals("database unavailable", recorder.lines.get(0).message());
    assertEquals("database unavailable (and 59 more like it since the last report)", recorder.lines.get(1).message());
    assertNull(recorder.lines.get(1).trace(), "a known failure class is logged without its stack trace");

    now.addAndGet(FailureLog.WINDOW.toNanos());
    assertTrue(log.log(Level.WARNING, "db", "database unavailable", null));
    assertEquals("database unavailable (and 19 more like it since the last report)", recorder.lines.get(2).message());
  }

  @Test
  void kindsAreCountedApartAndAnUnexpectedFailureKeepsItsTrace() {
    IllegalStateException bug = new IllegalStateException("bug");
    assertTrue(log.log(Level.WARNING, "GET /a database", "a", null));
    assertTrue(log.log(Level.ERROR, "GET /a IllegalStateException", "b", bug));
    assertFalse(log.log(Level.ERROR, "GET /a IllegalStateException", "b", bug));
    assertTrue(log.log(Level.WARNING, "GET /b database", "c", null));
    assertEquals(3, recorder.lines.size());
    assertSame(bug, recorder.lines.get(1).trace());
    assertEquals(Level.ERROR, recorder.lines.get(1).level());
  }

  @Test
  void theNumberOfKindsRememberedIsBounded() {
    for (int i = 0; i <= FailureLog.MAX_KINDS; i++) assertTrue(log.log(Level.WARNING, "kind-" + i, "m", null));
    // The least recently seen kind was forgotten, so it is logged again at once.
    assertTrue(log.log(Level.WARNING, "kind-0", "m", null));
    assertFalse(log.log(Level.WARNING, "kind-" + FailureLog.MAX_KINDS, "m", null));
  }
}
