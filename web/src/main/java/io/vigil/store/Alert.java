package io.vigil.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A crowd or camera alert. {@code id} is made by the producer ({@link #newId()}) and, with {@code
 * time} (when it was raised), identifies the alert: appending it again, from a replay or a retry,
 * never makes a second row. Appending a later state of the same alert (acknowledged, resolved)
 * moves the stored one forward; a state never moves back, and notes are only ever added. Its one JSON
 * shape is {@link AlertJson}'s.
 *
 * @param zoneId      null for alerts about a whole camera
 * @param kind        what happened, e.g. {@code over_capacity}, {@code gathering}, {@code line_crossing}
 * @param severity    as now: one level above the kind's once escalated
 * @param value       the measured value that raised it, e.g. the people counted; the peak once stored again
 * @param threshold   the configured limit it was compared with
 * @param notes       oldest first; never null
 * @param snapshotRef where the frame that raised it is kept, or null: always {@link #snapshotRefOf} for the
 *                    engine's alerts, which is all the one shape ({@link AlertJson}) restores
 * @param breachStart when the condition began, hold time included (before {@code time}, when the alert
 *                    opened); {@code time} when not known (alerts stored before it was kept)
 * @param breachEnd   when the condition was last seen, once it cleared; null while it lasts or unknown
 * @param escalatedAt when nobody had acknowledged it in time and its severity was raised; null otherwise
 */
public record Alert(
    UUID id,
    Instant time,
    String cameraId,
    String zoneId,
    String kind,
    Severity severity,
    double value,
    double threshold,
    AlertState state,
    String acknowledgedBy,
    Instant acknowledgedAt,
    String resolvedBy,
    Instant resolvedAt,
    List<AlertNote> notes,
    String snapshotRef,
    Instant breachStart,
    Instant breachEnd,
    Instant escalatedAt) {

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  /** Far more than an incident's notes; bounds what one spool line or message carries. */
  public static final int MAX_NOTES = 200;

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Ids.require(cameraId, "cameraId");
    Ids.optional(zoneId, "zoneId");
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("kind must be 1-64 lower-case letters, digits or '_', was " + kind);
    }
    Objects.requireNonNull(severity, "severity");
    if (!Double.isFinite(value) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("value and threshold must be finite numbers");
    }
    Objects.requireNonNull(state, "state");
    Ids.text(acknowledgedBy, "acknowledgedBy");
    Ids.text(resolvedBy, "resolvedBy");
    Ids.text(snapshotRef, "snapshotRef");
    notes = notes == null ? List.of() : List.copyOf(notes);
    if (notes.size() > MAX_NOTES) throw new IllegalArgumentException("an alert keeps at most " + MAX_NOTES + " notes");
    if (breachStart == null || breachStart.isAfter(time)) breachStart = time;
    if ((acknowledgedBy != null || acknowledgedAt != null) && state == AlertState.OPEN) {
      throw new IllegalArgumentException("an open alert has no acknowledgement");
    }
    if ((resolvedBy != null || resolvedAt != null) && state != AlertState.RESOLVED) {
      throw new IllegalArgumentException("only a resolved alert has a resolution");
    }
  }

  /** A new open alert raised at {@code time}, whose condition began then. */
  public static Alert raise(Instant time, String cameraId, String zoneId, String kind, Severity severity,
      double value, double threshold, String snapshotRef) {
    return new Alert(newId(), time, cameraId, zoneId, kind, severity, value, threshold, AlertState.OPEN,
        null, null, null, null, List.of(), snapshotRef, time, null, null);
  }

  /** Where the snapshot of an alert is kept, relative to the snapshot directory. */
  public static String snapshotRefOf(String cameraId, UUID alertId) {
    return cameraId + "/" + alertId + ".jpg";
  }

  /**
   * A time-ordered UUID (version 7 layout: milliseconds first), so ids sort roughly by time and index
   * well.
   */
  public static UUID newId() {
    long millis = System.currentTimeMillis();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (millis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** Acknowledged by {@code by} at {@code at}; a non-null {@code note} is added to the notes. */
  public Alert acknowledged(String by, Instant at, String note) {
    return new Alert(id, time, cameraId, zoneId, kind, severity, value, threshold, AlertState.ACKNOWLEDGED,
        by, Objects.requireNonNull(at, "at"), null, null, plus(notes, by, at, note), snapshotRef, breachStart,
        breachEnd, escalatedAt);
  }

  /** Resolved by {@code by} at {@code at}; a non-null {@code note} is added to the notes. */
  public Alert resolved(String by, Instant at, String note) {
    return new Alert(id, time, cameraId, zoneId, kind, severity, value, threshold, AlertState.RESOLVED,
        acknowledgedBy, acknowledgedAt, by, Objects.requireNonNull(at, "at"), plus(notes, by, at, note), snapshotRef,
        breachStart, breachEnd, escalatedAt);
  }

  /** With one more note. */
  public Alert noted(AlertNote note) {
    return withNotes(plus(notes, note.by(), note.at(), note.text()));
  }

  public Alert withNotes(List<AlertNote> all) {
    return new Alert(id, time, cameraId, zoneId, kind, severity, value, threshold, state, acknowledgedBy,
        acknowledgedAt, resolvedBy, resolvedAt, all, snapshotRef, breachStart, breachEnd, escalatedAt);
  }

  /** The incident as it stands: its severity and worst value now, and when its condition began and ended. */
  public Alert asOf(Severity now, double worst, Instant began, Instant ended, Instant escalated) {
    return new Alert(id, time, cameraId, zoneId, kind, now, worst, threshold, state, acknowledgedBy, acknowledgedAt,
        resolvedBy, resolvedAt, notes, snapshotRef, began, ended, escalated);
  }

  private static List<AlertNote> plus(List<AlertNote> notes, String by, Instant at, String text) {
    if (text == null || text.isBlank()) return notes;
    List<AlertNote> more = new ArrayList<>(notes);
    more.add(new AlertNote(at, by, text));
    return more;
  }
}
