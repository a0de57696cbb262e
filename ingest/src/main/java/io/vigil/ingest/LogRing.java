package io.vigil.ingest;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines FFmpeg logged for one camera (already masked), to explain a failure. Public for the
 * live remux. Thread-safe.
 */
public final class LogRing {
  private final int capacity;
  private final ArrayDeque<String> lines;
  private long added;

  public LogRing(int capacity) {
    this.capacity = capacity;
    this.lines = new ArrayDeque<>(capacity);
  }

  public synchronized void add(String line) {
    if (lines.size() == capacity) lines.removeFirst();
    lines.addLast(line);
    added++;
  }

  /** A mark for {@link #since(long)}: the number of lines added so far. */
  public synchronized long mark() {
    return added;
  }

  /** The lines added after {@code mark} that are still held, oldest first. */
  public synchronized List<String> since(long mark) {
    int n = (int) Math.min(added - mark, lines.size());
    return List.copyOf(lines).subList(lines.size() - n, lines.size());
  }

  public synchronized List<String> snapshot() {
    return List.copyOf(lines);
  }
}
