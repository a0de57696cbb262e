package io.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vigil.ingest.live.LiveVideo;
import org.junit.jupiter.api.Test;

class LiveRelayCodecTest {

  @Test
  void messagesSurviveTheTrip() {
    byte[] init = {0, 0, 0, 8, 'f', 't', 'y', 'p', 7};
    LiveVideo.Start s = (LiveVideo.Start) LiveRelayCodec.decode(LiveRelayCodec.encode(
        new LiveVideo.Start("avc1.4d401f", 1_733_000_000_123L, init)));
    assertEquals("avc1.4d401f", s.codec());
    assertEquals(1_733_000_000_123L, s.epochMillis());
    assertArrayEquals(init, s.init());

    LiveVideo.Fragment k = (LiveVideo.Fragment) LiveRelayCodec.decode(LiveRelayCodec.encode(
        new LiveVideo.Fragment(new byte[] {1, 2, 3}, true)));
    assertTrue(k.keyframe());
    assertArrayEquals(new byte[] {1, 2, 3}, k.data());
    LiveVideo.Fragment d = (LiveVideo.Fragment) LiveRelayCodec.decode(LiveRelayCodec.encode(
        new LiveVideo.Fragment(new byte[0], false)));
    assertFalse(d.keyframe());
    assertEquals(0, d.data().length);

    assertEquals(new LiveVideo.Unsupported("mpeg4"), LiveRelayCodec.decode(LiveRelayCodec.encode(
        new LiveVideo.Unsupported("mpeg4"))));
  }

  @Test
  void foreignBuffersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LiveRelayCodec.decode(Buffer.buffer()));
    assertThrows(IllegalArgumentException.class, () -> LiveRelayCodec.decode(Buffer.buffer(new byte[] {9, 1})));
    assertThrows(IllegalArgumentException.class, () -> LiveRelayCodec.decode(Buffer.buffer(new byte[] {1, 0, 0})));
  }
}
