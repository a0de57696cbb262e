package io.vigil.bench;

/**
 * The search for the largest camera count that holds: doubles the count while it holds, then halves
 * the gap between the largest count that held and the smallest that did not, down to 10% of the
 * former (or one camera). One instance per mode; the caller interleaves the modes' steps.
 */
public final class MaxSearch {
  private int held;
  private int failed = -1;
  private int next;

  /** @param start the first count tried, at least 1 */
  public MaxSearch(int start) {
    if (start < 1) throw new IllegalArgumentException("start must be >= 1, got " + start);
    this.next = start;
  }

  /** Whether the search has its answer. */
  public boolean done() {
    return failed >= 0 && failed - held <= Math.max(1, held / 10);
  }

  /** The count to try next; only while not {@link #done()}. */
  public int next() {
    if (done()) throw new IllegalStateException("search is done");
    return next;
  }

  /** Records whether {@link #next()} cameras held. */
  public void record(boolean ok) {
    int n = next();
    if (ok) {
      held = n;
    } else {
      failed = n;
    }
    next = failed < 0 ? n * 2 : (held + failed) / 2;
  }

  /** The largest count that held; 0 when none did. */
  public int largestHeld() {
    return held;
  }
}
