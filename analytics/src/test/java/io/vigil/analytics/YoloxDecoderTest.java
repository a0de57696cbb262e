package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class YoloxDecoderTest {

  /** Sets the row of grid cell (gx, gy) at {@code stride} of a width x height input. */
  private static void cell(float[] out, int width, int height, int stride, int gx, int gy, float[] values) {
    int row = 0;
    for (int s : new int[] {8, 16, 32}) {
      if (s == stride) {
        row += gy * (width / s) + gx;
        break;
      }
      row += (width / s) * (height / s);
    }
    System.arraycopy(values, 0, out, row * YoloxDecoder.ROW, values.length);
  }

  private static float[] raw(float dx, float dy, double w, double h, float obj, int cls, float clsScore) {
    float[] v = new float[YoloxDecoder.ROW];
    v[0] = dx;
    v[1] = dy;
    v[2] = (float) Math.log(w);
    v[3] = (float) Math.log(h);
    v[4] = obj;
    v[5 + cls] = clsScore;
    return v;
  }

  @Test
  void rowsForYoloxNano() {
    assertEquals(3549, YoloxDecoder.rows(416, 416));
    assertEquals(52 * 32 + 26 * 16 + 13 * 8, YoloxDecoder.rows(416, 256));
  }

  @Test
  void decodesGridCellsAndUndoesTheLetterbox() {
    float[] out = new float[YoloxDecoder.rows(416, 416) * YoloxDecoder.ROW];
    // Stride 16, cell (10, 5): centre (10.5*16, 5.5*16) = (168, 88), size 2x5 strides = 32x80.
    cell(out, 416, 416, 16, 10, 5, raw(0.5f, 0.5f, 2, 5, 0.9f, 0, 0.8f));
    // A car at stride 32, cell (3, 4): centre (112, 144), 64x32.
    cell(out, 416, 416, 32, 3, 4, raw(0.5f, 0.5f, 2, 1, 0.8f, 2, 0.95f));
    // A dog (COCO 16) is not tracked; a weak person is under the threshold.
    cell(out, 416, 416, 8, 1, 1, raw(0.5f, 0.5f, 2, 2, 0.9f, 16, 0.9f));
    cell(out, 416, 416, 8, 40, 40, raw(0.5f, 0.5f, 2, 2, 0.3f, 0, 0.3f));
    // Letterbox of a 832x624 ROI at (100, 50): scale 0.5.
    List<Detection> d = YoloxDecoder.decode(out, 416, 416, 0.5, 100, 50, 932, 674, 0.1, 0.45);
    assertEquals(2, d.size());
    Detection car = d.get(0);
    assertEquals(ObjectClass.CAR, car.objectClass());
    assertEquals(0.76, car.score(), 1e-6);
    assertBox(new Box(100 + 80 * 2, 50 + 128 * 2, 100 + 144 * 2, 50 + 160 * 2), car.box());
    Detection person = d.get(1);
    assertEquals(ObjectClass.PERSON, person.objectClass());
    assertEquals(0.72, person.score(), 1e-6);
    assertBox(new Box(100 + 152 * 2, 50 + 48 * 2, 100 + 184 * 2, 50 + 128 * 2), person.box());
  }

  @Test
  void decodesNonSquareInputs() {
    // 416x256, as a 16:9 frame runs: the last stride-8 cell is (51, 31).
    float[] out = new float[YoloxDecoder.rows(416, 256) * YoloxDecoder.ROW];
    cell(out, 416, 256, 8, 51, 31, raw(0.5f, 0.5f, 1, 1, 0.9f, 0, 0.9f));
    Detection d = YoloxDecoder.decode(out, 416, 256, 1, 0, 0, 416, 256, 0.1, 0.45).get(0);
    assertBox(new Box(51.5 * 8 - 4, 31.5 * 8 - 4, 51.5 * 8 + 4, 31.5 * 8 + 4), d.box());
  }

  @Test
  void boxesAreClippedToTheRoi() {
    float[] out = new float[YoloxDecoder.rows(416, 416) * YoloxDecoder.ROW];
    cell(out, 416, 416, 32, 0, 0, raw(0f, 0f, 4, 4, 0.9f, 0, 0.9f));
    Detection d = YoloxDecoder.decode(out, 416, 416, 1, 0, 0, 416, 416, 0.1, 0.45).get(0);
    assertBox(new Box(0, 0, 64, 64), d.box());
  }

  @Test
  void nmsSuppressesOverlapsOfTheSameClassOnly() {
    List<Detection> in = List.of(
        new Detection(ObjectClass.PERSON, new Box(0, 0, 10, 20), 0.6),
        new Detection(ObjectClass.PERSON, new Box(1, 0, 11, 20), 0.9),
        new Detection(ObjectClass.CAR, new Box(1, 0, 11, 20), 0.5),
        new Detection(ObjectClass.PERSON, new Box(30, 0, 40, 20), 0.4));
    List<Detection> kept = YoloxDecoder.nms(in, 0.45);
    assertEquals(List.of(in.get(1), in.get(2), in.get(3)), kept);
  }

  private static void assertBox(Box expected, Box actual) {
    assertEquals(expected.left(), actual.left(), 1e-3);
    assertEquals(expected.top(), actual.top(), 1e-3);
    assertEquals(expected.right(), actual.right(), 1e-3);
    assertEquals(expected.bottom(), actual.bottom(), 1e-3);
  }
}
