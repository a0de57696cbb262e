package io.vigil.config;

import java.time.Duration;
import java.util.Locale;

/** Reads the {@code record:} of a camera and the top-level {@code recording:} section. */
final class RecordSettingsParser {
  private RecordSettingsParser() {}

  /** A camera's {@code record:}; {@link RecordSettings#DEFAULT} without one. */
  static RecordSettings camera(MapReader m) {
    RecordSettings d = RecordSettings.DEFAULT;
    if (m == null) return d;
    String modeText = m.string("mode", d.mode().code(), 20);
    RecordSettings.Mode mode = d.mode();
    try {
      mode = RecordSettings.Mode.parse(modeText);
    } catch (IllegalArgumentException e) {
      m.problem("mode", "must be off, events or continuous, got '" + modeText + "'");
    }
    Duration pre = m.duration("pre_roll", d.preRoll(), Duration.ZERO, RecordSettings.MAX_PRE_ROLL);
    Duration post = m.duration("post_roll", d.postRoll(), Duration.ZERO, RecordSettings.MAX_POST_ROLL);
    int days = m.integer("retain_days", d.retainDays(), 1, RecordSettings.MAX_RETAIN_DAYS);
    m.finish();
    return new RecordSettings(mode, pre, post, days);
  }

  /** The {@code recording:} section; {@link RecordingSettings#DEFAULT} without one. */
  static RecordingSettings recording(MapReader m) {
    RecordingSettings d = RecordingSettings.DEFAULT;
    if (m == null) return d;
    String budget = m.string("disk_budget", null, 40);
    long bytes = d.diskBudgetBytes();
    if (budget != null) {
      try {
        bytes = bytes(budget);
        if (bytes < RecordingSettings.MIN_BUDGET) m.problem("disk_budget", "must be at least 64MB");
      } catch (NumberFormatException e) {
        m.problem("disk_budget", "must be a size such as 500MB, 20GB or 2TB");
      }
    }
    Duration segment = m.duration("segment", d.segment(), RecordingSettings.MIN_SEGMENT, RecordingSettings.MAX_SEGMENT);
    String dir = m.string("dir", null, 4096);
    m.finish();
    return new RecordingSettings(Math.max(bytes, RecordingSettings.MIN_BUDGET), segment, dir);
  }

  /** "500MB", "20GB", "2TB" (binary multiples, as df -h counts), or a bare number of bytes. */
  static long bytes(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    for (String[] u : new String[][] {{"TB", "40"}, {"GB", "30"}, {"MB", "20"}, {"KB", "10"}, {"B", "0"}}) {
      if (t.endsWith(u[0])) {
        unit = 1L << Integer.parseInt(u[1]);
        t = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    double n = Double.parseDouble(t);
    if (!(n > 0) || n * unit > Long.MAX_VALUE / 2.0) throw new NumberFormatException(text);
    return Math.round(n * unit);
  }
}
