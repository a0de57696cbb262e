package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OnnxShapesTest {

  @Test
  void aModelWithoutAGraphIsLeftAlone() {
    // ir_version = 7 (field 1, varint), producer_name = "x" (field 2, string)
    byte[] model = {0x08, 0x07, 0x12, 0x01, 'x'};
    assertArrayEquals(model, OnnxShapes.freeSpatialDimensions(model));
  }

  @Test
  void truncatedBytesAreRefusedWithAReason() {
    byte[] truncated = {0x3a, 0x10, 0x01};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxShapes.freeSpatialDimensions(truncated));
    assertTrue(e.getMessage().startsWith("not an ONNX model"), e.getMessage());
  }
}
