package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FFmpeg's and JavaCV's words turned into an operator's (issue #14: no developer hints in any log line). */
class FailureReasonTest {
  private static final String JAVACV = "avformat_open_input() error %d: Could not open input "
      + "\"rtsp://viewer:s3cret@127.0.0.1:40123/cam\". (Has setFormat() been called?)";

  @Test
  void commonFailuresReadPlainly() {
    assertEquals("connection refused", FailureReason.of(
        List.of("tcp: Connection to tcp://127.0.0.1:40123?timeout=5000000 failed: Connection refused"),
        JAVACV.formatted(-111), "s3cret"));
    assertEquals("no route to host", FailureReason.of(List.of(), JAVACV.formatted(-113), null));
    assertEquals("network unreachable", FailureReason.of(List.of(), JAVACV.formatted(-101), null));
    assertEquals("timed out", FailureReason.of(
        List.of("tcp: Connection to tcp://127.0.0.1:40123?timeout=5000000 failed: Connection timed out"),
        JAVACV.formatted(-110), null));
    assertEquals("authentication failed (401 Unauthorized)", FailureReason.of(
        List.of("rtsp: method DESCRIBE failed: 401 Unauthorized"), JAVACV.formatted(-825242872), null));
    assertEquals("authentication failed (401 Unauthorized)", FailureReason.of(List.of(), JAVACV.formatted(-825242872), null));
    assertEquals("authentication failed (401 Unauthorized)", FailureReason.of(
        List.of("rtsp: method DESCRIBE failed: 401Unauthorized"), JAVACV.formatted(-825242872), null), "FFmpeg 8's spelling");
    assertEquals("no such stream on the camera (404 Not Found)", FailureReason.of(
        List.of("rtsp: method DESCRIBE failed: 404 Not Found"), JAVACV.formatted(-875574520), null));
    assertEquals("invalid data (not an RTSP/H.264 stream?)", FailureReason.of(List.of(), JAVACV.formatted(-1094995529), null));
  }

  @Test
  void digitsInPortsAndPathsAreNotStatusCodes() {
    // Port 40123 holds "401", path /554 holds a 5xx-looking number: neither is the camera's answer.
    assertEquals("connection refused", FailureReason.of(
        List.of("tcp: Connection to tcp://127.0.0.1:40123/554 failed: Connection refused"), JAVACV.formatted(-111), null));
  }

  @Test
  void anUnknownFailureKeepsItsWordsWithoutHintsUrlsOrSecrets() {
    String r = FailureReason.of(List.of(), JAVACV.formatted(-5), "s3cret");
    assertEquals("avformat_open_input() error -5: Could not open input the stream.", r);
    assertFalse(r.contains("setFormat") || r.contains("s3cret") || r.contains("rtsp://"), r);
  }
}
