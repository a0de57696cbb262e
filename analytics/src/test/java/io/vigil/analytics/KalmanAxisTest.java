package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KalmanAxisTest {
  @Test
  void learnsAConstantVelocityAndPredictsWithIt() {
    KalmanAxis k = new KalmanAxis(0, 4, 100);
    for (int i = 1; i <= 20; i++) {
      k.predict(0.1, 1);
      k.update(3.0 * i * 0.1, 1);
    }
    assertEquals(3.0, k.velocity(), 0.2);
    k.predict(1.0, 1);
    assertEquals(9.0, k.position(), 0.5);
  }
}
