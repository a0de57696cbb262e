package io.vigil.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vigil.store.Alert;
import io.vigil.store.AlertState;
import io.vigil.store.Severity;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sentence webhooks and MQTT carry, in both languages, from the viewer's message files. */
class AlertTextsTest {
  private static Alert alert(String kind, String zone, double value, double threshold) {
    return new Alert(UUID.randomUUID(), Instant.parse("2026-12-03T13:02:00Z"), "gate-1", zone, kind, Severity.WARNING,
        value, threshold, AlertState.OPEN, null, null, null, null, null, null);
  }

  @Test
  void anOverCapacityAlertReadsInVietnameseAndEnglish() {
    JsonObject text = AlertTexts.load().describe("opened", alert("over_capacity", "entrance", 34, 20));
    assertEquals("Cảnh báo mới: Khu vực entrance (camera gate-1) vượt sức chứa: 34 người, giới hạn 20",
        text.getString("vi"));
    assertEquals("New alert: Zone entrance (camera gate-1) over capacity: 34 people, limit 20", text.getString("en"));
  }

  @Test
  void numbersFollowTheLanguageAndEveryKindAndChangeHasAText() {
    AlertTexts texts = AlertTexts.load();
    assertEquals("Nâng mức cảnh báo: Camera gate-1 phân tích chậm: 0,5 khung/giây (cần 1)",
        texts.sentence("vi", "escalated", alert("camera_degraded", null, 0.5, 1)));
    assertEquals("Escalated: Camera gate-1 is analysing slowly: 0.5 fps (needs 1)",
        texts.sentence("en", "escalated", alert("camera_degraded", null, 0.5, 1)));
    for (Incidents.Kind k : Incidents.Kind.values()) {
      for (Incidents.Change c : Incidents.Change.values()) {
        for (String lang : AlertTexts.LANGUAGES) {
          String s = texts.sentence(lang, c.name().toLowerCase(Locale.ROOT), alert(k.code, "z", 3, 2));
          assertEquals(-1, s.indexOf('{'), s);
        }
      }
    }
    // A kind added later still reads as a sentence, not as a key.
    assertEquals("Update: Camera gate-1, zone z: 3 (threshold 2)",
        texts.sentence("en", "updated", alert("smoke", "z", 3, 2)));
  }
}
