package io.vigil.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.alerts.Incidents.Change;
import io.vigil.alerts.Incidents.Event;
import io.vigil.alerts.Incidents.Key;
import io.vigil.alerts.Incidents.Kind;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.OccupancyRule;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.store.Alert;
import io.vigil.store.AlertNote;
import io.vigil.store.AlertState;
import io.vigil.store.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentsTest {
  private static final Duration CLEAR = Duration.ofSeconds(30);
  private static final Duration ESCALATE = Duration.ofMinutes(5);
  private static final Key GATE = new Key("cam-1", "gate", Kind.OVER_CAPACITY);
  private static final Key OFFLINE = new Key("cam-1", null, Kind.CAMERA_OFFLINE);

  private final Incidents incidents = new Incidents(CLEAR, ESCALATE);
  private final List<Event> events = new ArrayList<>();
  private Instant now = Instant.parse("2026-03-01T10:00:00Z");

  private void crowd(boolean active, double value) {
    events.addAll(incidents.observe(GATE, active, value, 10, Duration.ZERO, true, now));
  }

  private void advance(Duration d) {
    // One tick a second, as the engine ticks more often than any configured time.
    for (long s = 0; s < d.toSeconds(); s++) {
      now = now.plusSeconds(1);
      events.addAll(incidents.tick(now));
    }
  }

  private List<Change> changes() {
    return events.stream().map(Event::change).toList();
  }

  @Test
  void aFlappingCountIsOneIncidentUpdatedWithItsPeakAndClosedOnceClear() {
    crowd(true, 12);
    for (int i = 0; i < 15; i++) {
      advance(Duration.ofSeconds(5));
      crowd(false, 0);
      advance(Duration.ofSeconds(10));
      crowd(true, 11 + i % 3);
    }
    assertEquals(1, changes().stream().filter(c -> c == Change.OPENED).count());
    crowd(false, 0);
    advance(CLEAR.minusSeconds(1));
    assertTrue(!changes().contains(Change.CLOSED), "closed before clear_after");
    advance(Duration.ofSeconds(1));
    Event closed = events.get(events.size() - 1);
    assertEquals(Change.CLOSED, closed.change());
    assertEquals(AlertState.RESOLVED, closed.alert().state());
    assertEquals(13, closed.peak());
    assertEquals(12, closed.alert().value(), "the stored value is the one that raised it");
    String note = closed.alert().notes().get(closed.alert().notes().size() - 1).text();
    assertTrue(note.contains("peak 13"), note);
    assertEquals("vigil", closed.alert().notes().get(0).by(), "Vigil's closing note is its own");
    assertEquals(List.of(Change.OPENED, Change.UPDATED), changes().subList(0, 2));
  }

  @Test
  void aBreachAfterClosingOpensANewAlert() {
    crowd(true, 12);
    crowd(false, 0);
    advance(CLEAR);
    crowd(true, 12);
    List<Event> opened = events.stream().filter(e -> e.change() == Change.OPENED).toList();
    assertEquals(2, opened.size());
    assertTrue(!opened.get(0).alert().id().equals(opened.get(1).alert().id()));
    assertEquals(Snapshots.ref("cam-1", opened.get(1).alert().id()), opened.get(1).alert().snapshotRef());
  }

  @Test
  void anUnacknowledgedAlertEscalatesOnceWithAHigherSeverity() {
    crowd(true, 12);
    advance(ESCALATE.minusSeconds(1));
    assertTrue(!changes().contains(Change.ESCALATED));
    advance(ESCALATE.multipliedBy(3));
    List<Event> escalated = events.stream().filter(e -> e.change() == Change.ESCALATED).toList();
    assertEquals(1, escalated.size());
    assertEquals(Severity.CRITICAL, escalated.get(0).severity());
    assertEquals(Severity.WARNING, escalated.get(0).alert().severity());
  }

  @Test
  void anAcknowledgedAlertDoesNotEscalate() {
    crowd(true, 12);
    Event opened = events.get(0);
    advance(Duration.ofMinutes(1));
    Event ack = incidents.acknowledged(opened.alert().id(), "manager1", now, "on my way");
    assertEquals(Change.ACKNOWLEDGED, ack.change());
    assertEquals("manager1", ack.alert().acknowledgedBy());
    advance(ESCALATE.multipliedBy(2));
    assertTrue(!changes().contains(Change.ESCALATED));
    assertNull(incidents.acknowledged(opened.alert().id(), "manager2", now, null), "acknowledged once");
    crowd(false, 0);
    advance(CLEAR);
    Event closed = events.get(events.size() - 1);
    assertEquals(Change.CLOSED, closed.change());
    assertEquals("manager1", closed.alert().acknowledgedBy(), "the closing keeps who acknowledged it");
  }

  @Test
  void aResolvedIncidentStaysQuietUntilItsConditionHasCleared() {
    crowd(true, 12);
    Event opened = events.get(0);
    Event resolved = incidents.resolved(opened.alert().id(), "manager1", now, "crowd dispersed by staff");
    assertEquals(AlertState.RESOLVED, resolved.alert().state());
    advance(Duration.ofSeconds(5));
    crowd(true, 14);
    assertEquals(1, changes().stream().filter(c -> c == Change.OPENED).count(), "still the same crowd");
    assertTrue(!changes().contains(Change.ESCALATED));
    crowd(false, 0);
    advance(CLEAR);
    crowd(true, 12);
    assertEquals(2, changes().stream().filter(c -> c == Change.OPENED).count());
  }

  @Test
  void aReplayThatEndedHasItsCrowdAlertsClosedOnceClear() {
    crowd(true, 12);
    events.addAll(incidents.crowdLost("cam-2", now));
    events.addAll(incidents.crowdLost("cam-1", now));
    advance(CLEAR);
    assertEquals(List.of(Change.OPENED, Change.CLOSED), changes());
  }

  @Test
  void aBlindCameraKeepsItsCrowdAlertOpenMarkedAndClosesOnlyOnceRealDataIsClear() {
    crowd(true, 12);
    Instant lastFrame = now.plusSeconds(3);
    advance(Duration.ofSeconds(5));
    events.addAll(incidents.blind("cam-2", lastFrame, now));
    events.addAll(incidents.blind("cam-1", lastFrame, now));
    // Seen again while blind (the status comes every second): no second update.
    events.addAll(incidents.blind("cam-1", now, now));
    advance(CLEAR.multipliedBy(5));
    assertEquals(List.of(Change.OPENED, Change.UPDATED), changes(), "blind for 150 s, yet closed");
    assertEquals(lastFrame, events.get(1).noDataSince());
    assertTrue(incidents.isOpen(GATE));

    events.addAll(incidents.sighted("cam-1", now));
    assertEquals(Change.UPDATED, events.get(2).change());
    assertNull(events.get(2).noDataSince());
    // Frames again and the crowd still there (the analytics says no end): the alert stays.
    advance(CLEAR.multipliedBy(2));
    assertEquals(3, events.size());
    crowd(false, 0);
    advance(CLEAR);
    assertEquals(Change.CLOSED, events.get(events.size() - 1).change());
    assertNull(events.get(events.size() - 1).noDataSince());
  }

  @Test
  void aCrowdThatWasClearingWhenTheCameraWentBlindMustBeClearOnRealDataForTheWholeTime() {
    crowd(true, 12);
    crowd(false, 0);
    advance(CLEAR.minusSeconds(5));
    events.addAll(incidents.blind("cam-1", now, now));
    advance(CLEAR);
    events.addAll(incidents.sighted("cam-1", now));
    advance(CLEAR.minusSeconds(1));
    assertEquals(List.of(Change.OPENED, Change.UPDATED, Change.UPDATED), changes(), "closed before clear on real data");
    advance(Duration.ofSeconds(1));
    Event closed = events.get(events.size() - 1);
    assertEquals(Change.CLOSED, closed.change());
    String note = lastNote(closed);
    assertTrue(note.startsWith("Cleared for 30s"), note);
  }

  @Test
  void anOfflineAlertCountsFromTheLastFrame() {
    Duration after = Duration.ofSeconds(15);
    Instant lastFrame = now;
    // The watchdog noticed 10 s after the last frame: the alert is due 5 s later, not 15.
    advance(Duration.ofSeconds(10));
    events.addAll(incidents.observe(OFFLINE, true, 0, 15, after, false, lastFrame, now));
    advance(Duration.ofSeconds(4));
    assertTrue(events.isEmpty());
    advance(Duration.ofSeconds(1));
    events.addAll(incidents.observe(OFFLINE, true, 0, 15, after, false, lastFrame, now));
    assertEquals(List.of(Change.OPENED), changes());
    assertEquals(Duration.ofSeconds(15), events.get(0).lasted());
    advance(Duration.ofSeconds(5));
    events.addAll(incidents.observe(OFFLINE, false, 0, 15, after, false, null, now));
    advance(CLEAR);
    Event closed = events.get(events.size() - 1);
    assertEquals(Change.CLOSED, closed.change());
    assertEquals(Duration.ofSeconds(20), closed.lasted());
    String note = lastNote(closed);
    assertTrue(note.endsWith("lasted 20s"), note);
  }

  @Test
  void anEndWithoutAStartIsIgnored() {
    crowd(false, 0);
    advance(CLEAR.multipliedBy(2));
    assertTrue(events.isEmpty());
    assertTrue(!incidents.isOpen(GATE));
  }

  @Test
  void anOfflineCameraRaisesOnlyAfterTheDebounceAndClosesWhenBack() {
    Duration after = Duration.ofSeconds(30);
    events.addAll(incidents.observe(OFFLINE, true, 0, 30, after, false, now));
    advance(Duration.ofSeconds(20));
    events.addAll(incidents.observe(OFFLINE, false, 0, 30, after, false, now));
    advance(Duration.ofSeconds(2));
    events.addAll(incidents.observe(OFFLINE, true, 0, 30, after, false, now));
    advance(Duration.ofSeconds(29));
    assertTrue(events.isEmpty(), "a short outage, then less than 30 s offline");
    advance(Duration.ofSeconds(1));
    assertEquals(List.of(Change.OPENED), changes());
    assertNull(events.get(0).alert().snapshotRef());
    events.addAll(incidents.observe(OFFLINE, false, 0, 30, after, false, now));
    advance(CLEAR);
    assertEquals(List.of(Change.OPENED, Change.CLOSED), changes());
  }

  @Test
  void aDegradedCameraTracksItsLowestRate() {
    Key degraded = new Key("cam-1", null, Kind.CAMERA_DEGRADED);
    events.addAll(incidents.observe(degraded, true, 1.5, 2.5, Duration.ZERO, false, now));
    events.addAll(incidents.observe(degraded, true, 2.0, 2.5, Duration.ZERO, false, now));
    events.addAll(incidents.observe(degraded, true, 0.5, 2.5, Duration.ZERO, false, now));
    assertEquals(List.of(Change.OPENED, Change.UPDATED), changes());
    assertEquals(0.5, events.get(1).peak());
    assertEquals(Severity.INFO, events.get(0).severity());
  }

  @Test
  void aBreachIsDatedFromTheStartOfTheRulesHoldAndNotesAreKeptWhenVigilClosesIt() {
    // The zone's rule held 10 s before it reported the crowd; the crowd then stays 2 s more.
    events.addAll(incidents.observe(GATE, true, 12, 10, Duration.ZERO, Duration.ofSeconds(10), true, now));
    Event opened = events.get(0);
    assertEquals(now.minusSeconds(10), opened.alert().breachStart());
    assertEquals(now, opened.alert().time());
    Instant at = now.plusSeconds(1);
    Event ack = incidents.acknowledged(opened.alert().id(), "manager1", at, null);
    Event noted = incidents.noted(opened.alert().id(), List.of(new AlertNote(at, "manager1", "first"),
        new AlertNote(at.plusSeconds(1), "manager2", "second")), at.plusSeconds(1));
    assertEquals(Change.NOTED, noted.change());
    assertNull(incidents.noted(opened.alert().id(), noted.alert().notes(), at.plusSeconds(2)), "nothing new");
    advance(Duration.ofSeconds(2));
    crowd(false, 0);
    advance(CLEAR);
    Event closed = events.get(events.size() - 1);
    assertEquals(Change.CLOSED, closed.change());
    Alert a = closed.asOfNow();
    assertEquals(List.of("first", "second"), a.notes().subList(0, 2).stream().map(AlertNote::text).toList(),
        "the operators' notes are still there");
    assertEquals("vigil", a.resolvedBy());
    assertEquals("manager1", a.acknowledgedBy(), "who acknowledged it is kept when Vigil resolves it");
    assertEquals(ack.alert().acknowledgedAt(), a.acknowledgedAt());
    assertEquals(now.minusSeconds(CLEAR.toSeconds()), a.breachEnd());
    String note = a.notes().get(2).text();
    assertTrue(note.endsWith("lasted 12s"), "hold time included: " + note);
    assertEquals(Duration.ofSeconds(12), closed.lasted());
  }

  @Test
  void anEscalationIsDatedOnTheAlert() {
    crowd(true, 12);
    advance(ESCALATE);
    Event escalated = events.get(events.size() - 1);
    assertEquals(Change.ESCALATED, escalated.change());
    assertEquals(now, escalated.alert().escalatedAt());
    assertEquals(Severity.CRITICAL, escalated.asOfNow().severity());
  }

  /** Vigil's closing note: the last of the alert's notes. */
  private static String lastNote(Event e) {
    List<AlertNote> notes = e.alert().notes();
    return notes.get(notes.size() - 1).text();
  }

  @Test
  void theHoldOfTheZonesRuleDatesTheBreach() {
    Zone door = new Zone("door", List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1)),
        new OccupancyRule(10, Duration.ofSeconds(10), 1), null, null, Duration.ofMinutes(1));
    CrowdEvent over = new CrowdEvent(CrowdEvent.Kind.OVER_CAPACITY, "door", CrowdEvent.Phase.STARTED, 12, 10, 0, null);
    CrowdEvent gathering = new CrowdEvent(CrowdEvent.Kind.GATHERING, "door", CrowdEvent.Phase.STARTED, 5, 4, 0, null);
    assertEquals(Duration.ofSeconds(10), ClosingNote.hold(List.of(door), over));
    assertEquals(Duration.ZERO, ClosingNote.hold(List.of(door), gathering), "the zone has no gathering rule");
    assertEquals(Duration.ZERO, ClosingNote.hold(List.of(), over), "a zone since removed");
  }
}
