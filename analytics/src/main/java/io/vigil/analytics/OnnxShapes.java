package io.vigil.analytics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites an ONNX model so that its graph inputs' spatial sizes and its outputs' row count are
 * named (free) dimensions instead of fixed numbers. The YOLOX export declares 1x3x416x416 in and
 * 1x3549x85 out; its layers are all convolutions and a flatten, so it runs at any multiple of 32,
 * and OpenCV DNN ignores the declared size. ONNX Runtime enforces it, which would force every pass
 * to a 416x416 square: 1.6 times the pixels of a 16:9 frame's 416x256, and no region passes at all.
 *
 * <p>Works on the protobuf wire format directly (the model is a {@code ModelProto}), so no protobuf
 * library is needed for the three messages touched. Stateless; any thread.
 */
final class OnnxShapes {
  // Field numbers from onnx.proto.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int GRAPH_VALUE_INFO = 13;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_PARAM = 2;

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LEN = 2;
  private static final int FIXED32 = 5;

  private OnnxShapes() {}

  /**
   * Inputs keep their first two dimensions (batch, channels) and name the rest; outputs keep all but
   * the second (rows). Intermediate shape annotations ({@code value_info}) are dropped: they record
   * the export's fixed size, and ONNX Runtime infers them again.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed protobuf message
   */
  static byte[] freeSpatialDimensions(byte[] model) {
    return rewrite(model, (field, payload) -> field == MODEL_GRAPH ? rewrite(payload, OnnxShapes::graphField) : payload);
  }

  private static byte[] graphField(int field, byte[] payload) {
    return switch (field) {
      case GRAPH_INPUT -> valueInfo(payload, d -> d >= 2);
      case GRAPH_OUTPUT -> valueInfo(payload, d -> d == 1);
      case GRAPH_VALUE_INFO -> null;
      default -> payload;
    };
  }

  private interface DimensionFilter {
    boolean free(int index);
  }

  private static byte[] valueInfo(byte[] info, DimensionFilter free) {
    return rewrite(info, (f1, type) -> f1 != VALUE_INFO_TYPE ? type
        : rewrite(type, (f2, tensor) -> f2 != TYPE_TENSOR ? tensor
            : rewrite(tensor, (f3, shape) -> f3 != TENSOR_SHAPE ? shape : freeDims(shape, free))));
  }

  private static byte[] freeDims(byte[] shape, DimensionFilter free) {
    int[] index = {0};
    return rewrite(shape, (field, dim) -> {
      if (field != SHAPE_DIM) {
        return dim;
      }
      int i = index[0]++;
      if (!free.free(i)) {
        return dim;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeLen(out, DIM_PARAM, ("d" + i).getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    });
  }

  /** Replaces (or, when the function returns null, drops) each length-delimited field's payload. */
  private interface LenField {
    byte[] apply(int field, byte[] payload);
  }

  private static byte[] rewrite(byte[] msg, LenField f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length);
    int[] pos = {0};
    while (pos[0] < msg.length) {
      int start = pos[0];
      long tag = readVarint(msg, pos);
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case VARINT -> readVarint(msg, pos);
        case FIXED64 -> pos[0] += 8;
        case FIXED32 -> pos[0] += 4;
        case LEN -> {
          long n = readVarint(msg, pos);
          if (n < 0 || pos[0] + n > msg.length) {
            throw new IllegalArgumentException("not an ONNX model: field " + field + " runs past the end");
          }
          byte[] payload = Arrays.copyOfRange(msg, pos[0], pos[0] + (int) n);
          pos[0] += (int) n;
          byte[] replaced = f.apply(field, payload);
          if (replaced != null) {
            writeLen(out, field, replaced);
          }
          continue;
        }
        default -> throw new IllegalArgumentException("not an ONNX model: wire type " + wire + " at byte " + start);
      }
      if (pos[0] > msg.length) {
        throw new IllegalArgumentException("not an ONNX model: truncated at byte " + start);
      }
      out.write(msg, start, pos[0] - start);
    }
    return out.toByteArray();
  }

  private static long readVarint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("not an ONNX model: truncated varint");
      }
      int x = b[pos[0]++];
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("not an ONNX model: varint longer than 10 bytes");
  }

  private static void writeLen(ByteArrayOutputStream out, int field, byte[] payload) {
    writeVarint(out, ((long) field << 3) | LEN);
    writeVarint(out, payload.length);
    out.write(payload, 0, payload.length);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
