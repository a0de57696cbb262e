package io.vigil.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.AlertSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSigningTest {

  @Test
  void signatureIsTheHexHmacSha256OfTheBody() {
    // RFC 4231 test case 2.
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        WebhookDelivery.hmac("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void backoffDoublesWithJitterUpToTheCap() {
    AlertSettings.Retry r = new AlertSettings.Retry(10, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(5));
    for (int i = 0; i < 200; i++) {
      long d1 = WebhookDelivery.delayMillis(r, 1);
      long d3 = WebhookDelivery.delayMillis(r, 3);
      long d9 = WebhookDelivery.delayMillis(r, 9);
      assertTrue(d1 >= 500 && d1 <= 1000, "first retry " + d1);
      assertTrue(d3 >= 2000 && d3 <= 4000, "third retry " + d3);
      assertTrue(d9 >= 10_000 && d9 <= 20_000, "capped " + d9);
    }
    long late = WebhookDelivery.delayMillis(r, 63);
    assertTrue(late >= 10_000 && late <= 20_000, "no overflow after many attempts " + late);
  }
}
