package io.vigil.cluster;

import io.vertx.core.buffer.Buffer;
import io.vigil.ingest.live.LiveVideo;
import java.nio.charset.StandardCharsets;

/**
 * Live video messages as event bus buffers, from the node that pulls a camera to a node relaying it to
 * its viewers: one type byte, then per type
 * <ul>
 *   <li>start (1): epoch millis (8 bytes), codec length (2) and codec (UTF-8), the init segment;</li>
 *   <li>fragment (2): keyframe flag (1), the moof+mdat;</li>
 *   <li>unsupported (3): the codec name (UTF-8).</li>
 * </ul>
 * Nothing else is sent: no camera address, no credentials.
 */
final class LiveRelayCodec {
  private static final byte START = 1;
  private static final byte FRAGMENT = 2;
  private static final byte UNSUPPORTED = 3;

  private LiveRelayCodec() {}

  static Buffer encode(LiveVideo.ViewerMessage m) {
    if (m instanceof LiveVideo.Start s) {
      byte[] codec = s.codec().getBytes(StandardCharsets.UTF_8);
      return Buffer.buffer(1 + 8 + 2 + codec.length + s.init().length).appendByte(START).appendLong(s.epochMillis())
          .appendUnsignedShort(codec.length).appendBytes(codec).appendBytes(s.init());
    }
    if (m instanceof LiveVideo.Fragment f) {
      return Buffer.buffer(2 + f.data().length).appendByte(FRAGMENT).appendByte((byte) (f.keyframe() ? 1 : 0))
          .appendBytes(f.data());
    }
    LiveVideo.Unsupported u = (LiveVideo.Unsupported) m;
    return Buffer.buffer().appendByte(UNSUPPORTED).appendBytes(u.codec().getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException for a buffer no node wrote */
  static LiveVideo.ViewerMessage decode(Buffer b) {
    try {
      switch (b.getByte(0)) {
        case START -> {
          int n = b.getUnsignedShort(9);
          return new LiveVideo.Start(b.getString(11, 11 + n, "UTF-8"), b.getLong(1), b.getBytes(11 + n, b.length()));
        }
        case FRAGMENT -> {
          return new LiveVideo.Fragment(b.getBytes(2, b.length()), b.getByte(1) != 0);
        }
        case UNSUPPORTED -> {
          return new LiveVideo.Unsupported(b.getString(1, b.length(), "UTF-8"));
        }
        default -> throw new IllegalArgumentException("unknown live video message type " + b.getByte(0));
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated live video message");
    }
  }
}
