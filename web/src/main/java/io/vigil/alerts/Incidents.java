package io.vigil.alerts;

import io.vigil.analytics.CrowdEvent;
import io.vigil.store.Alert;
import io.vigil.store.AlertChange;
import io.vigil.store.AlertNote;
import io.vigil.store.AlertState;
import io.vigil.store.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Turns conditions that come and go into incidents: one alert per breach, kept open while the condition
 * lasts or comes back within {@code clearAfter}, closed once it has been clear that long, escalated
 * once when nobody acknowledges it within {@code escalateAfter}. Pure and single-threaded: the engine
 * feeds it on its own context and passes the time in, so tests drive it with any clock.
 */
final class Incidents {
  /** Who resolves an incident whose condition cleared. */
  static final String SYSTEM_USER = AlertNote.SYSTEM;

  enum Kind {
    OVER_CAPACITY("over_capacity", Severity.WARNING, true),
    GATHERING("gathering", Severity.WARNING, true),
    CAMERA_OFFLINE("camera_offline", Severity.WARNING, true),
    /** The value is the analysed fps: lower is worse. */
    CAMERA_DEGRADED("camera_degraded", Severity.INFO, false),
    /** Recording of the camera stopped because its disk is full (io.vigil.ingest.record). */
    RECORDING_DISK_FULL("recording_disk_full", Severity.WARNING, true);

    final String code;
    final Severity severity;
    final boolean higherIsWorse;

    Kind(String code, Severity severity, boolean higherIsWorse) {
      this.code = code;
      this.severity = severity;
      this.higherIsWorse = higherIsWorse;
    }

    /** Judged from the camera's frames (so blind while it sends none), not from its connection. */
    boolean crowd() {
      return this == OVER_CAPACITY || this == GATHERING;
    }

    /** The kind of incident a crowd event raises, or null for events that raise none. */
    static Kind of(CrowdEvent.Kind k) {
      switch (k) {
        case OVER_CAPACITY: return OVER_CAPACITY;
        case GATHERING: return GATHERING;
        default: return null;
      }
    }

    /** The kind stored as {@code code}, or null for a kind the engine does not raise. */
    static Kind ofCode(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) return k;
      }
      return null;
    }
  }

  /** What a condition is about: one zone's rule, or a whole camera (null zone). */
  record Key(String cameraId, String zoneId, Kind kind) {}

  enum Change {
    OPENED, UPDATED, ESCALATED, ACKNOWLEDGED, NOTED, CLOSED;

    /** As the channels name it. */
    AlertChange code() {
      return AlertChange.valueOf(name());
    }
  }

  /**
   * An incident as it stands after a change.
   *
   * @param alert    the alert: value and severity as raised; state, actions, notes, escalation and the
   *                 breach's start and end as now
   * @param peak     the worst value seen while it was open
   * @param severity the severity now (one above the alert's once escalated)
   * @param lasted   from the start of the breach (the rule's hold included, or a camera's last frame) to
   *                 the last time the condition was seen
   * @param noDataSince the last frame of a camera that sends none now (offline, stalled), for its crowd
   *                 incidents, which then neither clear nor close; null while data arrives
   */
  record Event(Change change, Key key, Alert alert, double peak, Severity severity, Duration lasted,
      Instant noDataSince) {

    /** The alert with the incident's severity and value now, as viewers and deliveries show it. */
    Alert asOfNow() {
      return alert.asOf(severity, peak, alert.breachStart(), alert.breachEnd(), alert.escalatedAt());
    }
  }

  private final Duration clearAfter;
  private final Duration escalateAfter;
  private final Map<Key, Entry> entries = new HashMap<>();

  Incidents(Duration clearAfter, Duration escalateAfter) {
    this.clearAfter = clearAfter;
    this.escalateAfter = escalateAfter;
  }

  private static final class Entry {
    final Key key;
    boolean active;
    Instant activeSince;
    Instant clearSince;
    Instant lastSeen;
    Duration raiseAfter = Duration.ZERO;
    double value;
    double threshold;
    /** Resolved by a user while the condition lasted: no new alert until it has cleared. */
    boolean suppressed;
    Alert alert;
    double peak;
    Severity severity;
    boolean escalated;
    /** A crowd incident of a camera that sends nothing: its last frame; it neither clears nor closes. */
    Instant noDataSince;

    Entry(Key key) {
      this.key = key;
    }
  }

  /**
   * The condition of {@code key} as observed at {@code now}. An inactive observation of an unknown key
   * is ignored, so an end without a start (a restart, a lost event) does nothing.
   *
   * @param raiseAfter how long the condition must last before an alert opens
   * @param snapshot whether a snapshot will be written (as {@link Snapshots#ref}) if this opens an alert
   */
  List<Event> observe(Key key, boolean active, double value, double threshold, Duration raiseAfter,
      boolean snapshot, Instant now) {
    return observe(key, active, value, threshold, raiseAfter, snapshot, null, now);
  }

  /**
   * As {@link #observe(Key, boolean, double, double, Duration, boolean, Instant)}, for a condition that
   * had already held for {@code heldBefore} when it was first reported (a crowd rule's hold time): the
   * breach is dated from its true start.
   */
  List<Event> observe(Key key, boolean active, double value, double threshold, Duration raiseAfter,
      Duration heldBefore, boolean snapshot, Instant now) {
    return observe(key, active, value, threshold, raiseAfter, snapshot, now.minus(heldBefore), now);
  }

  /**
   * The same for a condition that began before it was observed: {@code raiseAfter} and the breach
   * count from {@code since} (a camera offline since its last frame, which the watchdog sees only a
   * stream timeout later; a crowd rule's hold), not from the first observation. Null: from {@code now}.
   */
  List<Event> observe(Key key, boolean active, double value, double threshold, Duration raiseAfter,
      boolean snapshot, Instant since, Instant now) {
    Entry e = entries.get(key);
    if (e == null) {
      if (!active) return List.of();
      e = new Entry(key);
      entries.put(key, e);
    }
    List<Event> out = new ArrayList<>();
    if (active) {
      if (!e.active) {
        e.active = true;
        if (e.clearSince == null || e.alert == null) e.activeSince = since == null || since.isAfter(now) ? now : since;
      }
      e.clearSince = null;
      e.lastSeen = now;
      e.raiseAfter = raiseAfter;
      e.value = value;
      e.threshold = threshold;
      if (e.alert != null && worse(key.kind, value, e.peak)) {
        e.peak = value;
        out.add(event(Change.UPDATED, e, now));
      }
    } else if (e.active) {
      e.active = false;
      e.clearSince = now;
      e.lastSeen = now;
    }
    evaluate(e, snapshot, now, out);
    if (e.alert == null && !e.active && !e.suppressed) entries.remove(key);
    return out;
  }

  /**
   * The camera's crowd conditions as clear: its replayed file has ended, so no end will come from the
   * analytics, and its alerts must not stay open for ever.
   */
  List<Event> crowdLost(String cameraId, Instant now) {
    List<Event> out = new ArrayList<>();
    for (Key key : List.copyOf(entries.keySet())) {
      if (key.cameraId.equals(cameraId) && key.kind.crowd()) {
        entries.get(key).noDataSince = null;
        out.addAll(observe(key, false, 0, 0, Duration.ZERO, false, now));
      }
    }
    return out;
  }

  /**
   * The camera sends no frames (offline, stalled, still connecting). Its crowd incidents cannot be
   * judged blind: they stay as they are, neither clearing nor closing ("Cleared for 30s" of a camera
   * that saw nothing would be false), marked with {@code lastData} until {@link #sighted} says data flows.
   *
   * @param lastData the camera's last frame (or when it went down, if it never sent one)
   * @return an update of each open alert newly marked, so that viewers see the mark
   */
  List<Event> blind(String cameraId, Instant lastData, Instant now) {
    List<Event> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (!e.key.cameraId.equals(cameraId) || !e.key.kind.crowd() || e.noDataSince != null) continue;
      e.noDataSince = lastData;
      e.clearSince = null;
      if (e.alert != null) out.add(event(Change.UPDATED, e, now));
    }
    return out;
  }

  /**
   * The camera sends frames again. Its marks go; a condition that was clear (or cleared while blind, as
   * far as anyone knows) must now stay clear on real data for {@code clearAfter} before its alert closes,
   * and one still there continues its alert.
   */
  List<Event> sighted(String cameraId, Instant now) {
    List<Event> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (!e.key.cameraId.equals(cameraId) || e.noDataSince == null) continue;
      e.noDataSince = null;
      if (!e.active) e.clearSince = now;
      if (e.alert != null) out.add(event(Change.UPDATED, e, now));
    }
    return out;
  }

  /**
   * Takes over an alert left unresolved by an earlier run, as if its condition had just cleared: it
   * closes after {@code clearAfter} unless the condition is seen again, and then it is the same incident.
   *
   * @return its key, or null for an alert the engine does not raise
   */
  Key adopt(Alert alert, Instant now) {
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.code.equals(alert.kind())) kind = k;
    }
    if (kind == null || alert.state() == AlertState.RESOLVED) return null;
    Entry e = new Entry(new Key(alert.cameraId(), alert.zoneId(), kind));
    e.alert = alert;
    e.peak = alert.value();
    e.value = alert.value();
    e.threshold = alert.threshold();
    e.severity = alert.severity();
    e.clearSince = now;
    e.lastSeen = now;
    // Its time to escalate passed while Vigil was down; it is not escalated again for the restart.
    e.escalated = alert.escalatedAt() != null || !Duration.between(alert.time(), now).minus(escalateAfter).isNegative();
    entries.put(e.key, e);
    return e.key;
  }

  /** Forgets the camera's incidents without closing them (another node pulls it now). */
  void forget(String cameraId) {
    entries.keySet().removeIf(k -> k.cameraId.equals(cameraId));
  }

  /** Forgets the incidents of every camera {@code keep} rejects, without closing them. */
  void forgetUnless(Predicate<String> keep) {
    entries.keySet().removeIf(k -> !keep.test(k.cameraId));
  }

  /** Whether {@code key} is known at all (open, pending or suppressed). */
  boolean has(Key key) {
    return entries.containsKey(key);
  }

  /** Whether {@code key} has an alert open: a new observation of it will not open another. */
  boolean isOpen(Key key) {
    Entry e = entries.get(key);
    return e != null && (e.alert != null || e.suppressed);
  }

  /** Time-driven changes: alerts whose conditions have cleared long enough, or that are due to escalate. */
  List<Event> tick(Instant now) {
    List<Event> out = new ArrayList<>();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      evaluate(e, false, now, out);
      if (e.alert == null && !e.active && !e.suppressed) it.remove();
    }
    return out;
  }

  /**
   * The alert's notes as stored (a user added one): the incident carries them on, and its closing note
   * is added after them. Null when it is not an incident here or nothing changed.
   */
  Event noted(UUID id, List<AlertNote> notes, Instant now) {
    Entry e = find(id);
    if (e == null || e.alert.notes().equals(notes)) return null;
    e.alert = e.alert.withNotes(notes);
    return event(Change.NOTED, e, now);
  }

  /** A user acknowledged the alert: it will not escalate. Null when it is not an open incident. */
  Event acknowledged(UUID id, String by, Instant at, String note) {
    Entry e = find(id);
    if (e == null || e.alert.state() != AlertState.OPEN) return null;
    e.alert = e.alert.acknowledged(by, at, note);
    return event(Change.ACKNOWLEDGED, e, at);
  }

  /**
   * A user resolved the alert. The incident ends; while its condition lasts no new alert opens, so a
   * resolution is not immediately undone by the same crowd.
   */
  Event resolved(UUID id, String by, Instant at, String note) {
    Entry e = find(id);
    if (e == null) return null;
    e.alert = e.alert.resolved(by, at, note);
    Event ev = event(Change.CLOSED, e, at);
    e.alert = null;
    e.suppressed = e.active || e.clearSince != null;
    if (!e.suppressed) entries.remove(e.key);
    return ev;
  }

  private Entry find(UUID id) {
    for (Entry e : entries.values()) {
      if (e.alert != null && e.alert.id().equals(id)) return e;
    }
    return null;
  }

  private void evaluate(Entry e, boolean snapshot, Instant now, List<Event> out) {
    if (e.active && e.alert == null && !e.suppressed
        && !Duration.between(e.activeSince, now).minus(e.raiseAfter).isNegative()) {
      UUID id = Alert.newId();
      e.alert = new Alert(id, now, e.key.cameraId, e.key.zoneId, e.key.kind.code, e.key.kind.severity, e.value,
          e.threshold, AlertState.OPEN, null, null, null, null, List.of(),
          snapshot ? Snapshots.ref(e.key.cameraId, id) : null, e.activeSince, null, null);
      e.peak = e.value;
      e.severity = e.key.kind.severity;
      e.escalated = false;
      out.add(event(Change.OPENED, e, now));
    }
    if (!e.active && e.clearSince != null && e.noDataSince == null && !Duration.between(e.clearSince, now).minus(clearAfter).isNegative()) {
      e.suppressed = false;
      e.clearSince = null;
      if (e.alert != null) {
        String note = ClosingNote.text(clearAfter, e.key.kind.higherIsWorse, e.peak, e.threshold,
            Duration.between(e.alert.breachStart(), e.lastSeen));
        Alert a = e.alert;
        e.alert = a.asOf(a.severity(), a.value(), a.breachStart(), e.lastSeen, a.escalatedAt())
            .resolved(SYSTEM_USER, now, note);
        out.add(event(Change.CLOSED, e, now));
        e.alert = null;
      }
    }
    if (e.alert != null && e.alert.state() == AlertState.OPEN && !e.escalated
        && !Duration.between(e.alert.time(), now).minus(escalateAfter).isNegative()) {
      e.escalated = true;
      e.severity = e.severity == Severity.INFO ? Severity.WARNING : Severity.CRITICAL;
      Alert a = e.alert;
      e.alert = a.asOf(a.severity(), a.value(), a.breachStart(), a.breachEnd(), now);
      out.add(event(Change.ESCALATED, e, now));
    }
  }

  private static boolean worse(Kind kind, double value, double than) {
    return kind.higherIsWorse ? value > than : value < than;
  }

  private static Event event(Change c, Entry e, Instant now) {
    Instant last = e.lastSeen == null || e.lastSeen.isBefore(e.alert.time()) ? e.alert.time() : e.lastSeen;
    Instant start = e.alert.breachStart();
    return new Event(c, e.key, e.alert, e.peak, e.severity, Duration.between(start, c == Change.CLOSED ? last : now),
        e.noDataSince);
  }
}
