package io.vigil.ingest;

import static io.vigil.ingest.testing.TestCameras.await;
import static io.vigil.ingest.testing.TestCameras.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.StreamSource;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe and the connection-time address check against real GStreamer RTSP servers. */
class StreamProbeIT {
  /** Characters that break a URL if they are not encoded, and that a mask must catch in both forms. */
  private static final String SECRET = "S3nt!n3l:@/#?%";
  private static final IngestOptions TEST_NETWORK = IngestOptions.defaults().withStreamTimeout(Duration.ofSeconds(3))
      .withAddressPolicy(StreamAddressPolicy.allowing(List.of("127.0.0.0/8")));
  private static Path h264;
  private static Path audio;

  @BeforeAll
  static void fixtures() {
    h264 = TestMedia.h264();
    audio = TestMedia.audioOnly();
  }

  private static StreamSource.Rtsp source(URI uri, String user, String password) {
    return new StreamSource.Rtsp(uri, user == null ? Credentials.none() : Credentials.literal(user, password));
  }

  private static void assertNoSecret(String text) {
    assertFalse(text.contains(SECRET), text);
    assertFalse(text.contains(URLEncoder.encode(SECRET, StandardCharsets.UTF_8)), text);
    assertFalse(text.contains("S3nt!n3l"), text);
  }

  @Test
  void measuresCodecSizeFrameRateAndKeyframeInterval() throws Exception {
    try (TestRtspServer server = new TestRtspServer().auth("op", SECRET).h264("cam", h264).start()) {
      StreamInfo info = new StreamProbe(TEST_NETWORK, Map.of()).probe(source(server.uri("cam"), "op", SECRET));
      assertEquals("h264", info.codec());
      assertEquals(640, info.width());
      assertEquals(360, info.height());
      // The fixture: 10 fps with a keyframe every 10 frames.
      assertEquals(10, info.fps(), 0.5, info.toString());
      assertEquals(1.0, info.keyframeInterval(), 0.15, info.toString());
    }
  }

  @Test
  void failuresSayWhyWithoutTheSecret() throws Exception {
    StreamProbe probe = new StreamProbe(TEST_NETWORK, Map.of());
    try (TestRtspServer server = new TestRtspServer().auth("op", SECRET).h264("cam", h264).aac("radio", audio)
        .start()) {
      StreamCheckException wrong = assertThrows(StreamCheckException.class,
          () -> probe.probe(source(server.uri("cam"), "op", SECRET + "x")));
      assertEquals(StreamCheckException.PROBE_FAILED, wrong.code());
      assertTrue(wrong.getMessage().contains("401"), wrong.getMessage());
      assertNoSecret(wrong.getMessage());

      StreamCheckException radio = assertThrows(StreamCheckException.class,
          () -> probe.probe(source(server.uri("radio"), "op", SECRET)));
      assertEquals("the stream has no video (audio only)", radio.getMessage());
    }
    URI closed = URI.create("rtsp://127.0.0.1:" + TestRtspServer.freePort() + "/cam");
    StreamCheckException refused = assertThrows(StreamCheckException.class,
        () -> probe.probe(source(closed, "op", SECRET)));
    assertTrue(refused.getMessage().startsWith("the stream cannot be opened: "), refused.getMessage());
    assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains("refused"), refused.getMessage());
    assertNoSecret(refused.getMessage());

    StreamCheckException loopback = assertThrows(StreamCheckException.class,
        () -> new StreamProbe(IngestOptions.defaults(), Map.of()).probe(source(closed, "op", SECRET)));
    assertEquals(StreamCheckException.ADDRESS_NOT_ALLOWED, loopback.code());
  }

  @Test
  void aRegisteredCameraIsCheckedAgainAtEveryConnection() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start()) {
      TestCameras.Recorder recorder = new TestCameras.Recorder();
      // Production rules: loopback is refused for a carrier's camera, while the operator's own file
      // cameras are not checked.
      CameraManager manager = new CameraManager(vertx, recorder,
          IngestOptions.defaults().withStatusInterval(Duration.ofMillis(250)));
      await(manager.start(camera("carrier-cam", server.uri("cam"), "carrier-1")));
      await(manager.start(camera("file-cam", server.uri("cam"), null)));
      within(Duration.ofSeconds(20), "file camera online",
          () -> manager.registry().get("file-cam").orElseThrow().state() == CameraState.ONLINE);
      within(Duration.ofSeconds(10), "carrier camera refused",
          () -> manager.registry().get("carrier-cam").orElseThrow().state() == CameraState.OFFLINE);
      assertEquals("the stream address is a loopback address (this server)",
          manager.registry().get("carrier-cam").orElseThrow().reason());
      assertEquals(0, recorder.count("carrier-cam"));
      await(manager.close());
    } finally {
      await(vertx.close());
    }
  }

  private static CameraConfig camera(String id, URI uri, String owner) {
    return new CameraConfig(id, id, "site-1", CameraType.CHECKPOINT, null, source(uri, null, null), null, 1.0,
        List.of(), true, owner);
  }
}
