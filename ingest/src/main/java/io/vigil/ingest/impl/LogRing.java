package io.vigil.ingest.impl;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines FFmpeg logged for one camera (already masked), to explain a failure. */
final class LogRing {
  private final int capacity;
  private final ArrayDeque<String> lines;

  LogRing(int capacity) {
    this.capacity = capacity;
    this.lines = new ArrayDeque<>(capacity);
  }

  synchronized void add(String line) {
    if (lines.size() == capacity) lines.removeFirst();
    lines.addLast(line);
  }

  synchronized List<String> snapshot() {
    return List.copyOf(lines);
  }
}
