package io.vigil.recordings;

import io.vigil.store.SegmentRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Which segments retention deletes: every candidate older than its camera's {@code retain_days}, then
 * the oldest others while the total is over the disk budget. The candidates are already those no
 * unresolved alert needs, oldest first. Pure.
 */
final class RetentionPlan {
  private RetentionPlan() {}

  /**
   * @param candidates oldest first, none protected by an unresolved alert
   * @param totalBytes all segments on this disk, protected ones included
   * @param retainDays a camera's retention in days (cameras no longer configured: their default)
   */
  static List<SegmentRow> choose(List<SegmentRow> candidates, long totalBytes, long budgetBytes,
      ToIntFunction<String> retainDays, Instant now) {
    List<SegmentRow> out = new ArrayList<>();
    long total = totalBytes;
    for (SegmentRow s : candidates) {
      boolean expired = s.end().isBefore(now.minusSeconds(86_400L * retainDays.applyAsInt(s.cameraId())));
      if (expired || total > budgetBytes) {
        out.add(s);
        total -= s.bytes();
      }
    }
    return out;
  }
}
