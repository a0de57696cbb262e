package io.vigil.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded FIFO that never refuses: when full, the oldest element makes room and is counted.
 * A lock, not a lock-free queue, because a failed batch goes back to the front, which must be
 * atomic with respect to new offers.
 */
final class DropOldestBuffer<T> {
  private final ArrayDeque<T> queue;
  private final int capacity;
  private long offered;
  private long dropped;

  DropOldestBuffer(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
    this.capacity = capacity;
    this.queue = new ArrayDeque<>(Math.min(capacity, 1 << 16));
  }

  /** Returns the size after the offer. */
  synchronized int offer(T item) {
    offered++;
    if (queue.size() == capacity) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(item);
    return queue.size();
  }

  synchronized List<T> drain(int max) {
    int n = Math.min(max, queue.size());
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(queue.pollFirst());
    return out;
  }

  /**
   * Puts back a batch taken by {@link #drain} that could not be written. Its elements are older than
   * any in the buffer, so when there is no room for all of them its oldest are the ones dropped.
   */
  synchronized void requeue(List<T> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (queue.size() == capacity) {
        dropped += i + 1;
        return;
      }
      queue.addFirst(batch.get(i));
    }
  }

  synchronized int size() {
    return queue.size();
  }

  synchronized long offered() {
    return offered;
  }

  synchronized long dropped() {
    return dropped;
  }
}
