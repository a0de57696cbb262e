package io.vigil.ingest.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigil.ingest.IngestOptions;
import io.vigil.config.Credentials;
import io.vigil.config.StreamSource;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/**
 * The live remux against a real RTSP server serving real H.264: what viewers get is an init segment
 * and one-frame fragments from a keyframe on, and FFmpeg decodes their concatenation as a browser's
 * MSE would.
 */
class LiveVideoIT {

  /** Collects one viewer's messages on the test thread, as a connection's event loop would. */
  static final class Collector {
    final Semaphore ready = new Semaphore(0);
    LiveVideo.Viewer viewer;

    LiveVideo.ViewerMessage next() throws InterruptedException {
      for (int i = 0; i < 300; i++) {
        LiveVideo.ViewerMessage m = viewer.poll();
        if (m != null) return m;
        ready.tryAcquire(100, TimeUnit.MILLISECONDS);
      }
      throw new AssertionError("no live video message within 30 s");
    }
  }

  private static Collector watch(LiveVideo video, String id, StreamSource source) {
    Collector c = new Collector();
    c.viewer = video.watch(TestCameras.camera(id, source, 1.0), c.ready::release);
    return c;
  }

  private static String box(byte[] b, int at) {
    return new String(b, at + 4, 4, StandardCharsets.US_ASCII);
  }

  @Test
  void viewersOfOneCameraShareOneRemuxThatDecodes() throws Exception {
    Path h264 = TestMedia.h264();
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start();
        LiveVideo video = new RemuxingLiveVideo(IngestOptions.defaults(), Map.of(), Duration.ofMillis(200), 64)) {
      StreamSource source = new StreamSource.Rtsp(server.uri("cam"), Credentials.none());
      Collector a = watch(video, "live1", source);
      Collector b = watch(video, "live1", source);
      assertEquals(1, video.remuxes(), "one remux per camera, whatever the number of viewers");

      LiveVideo.Start start = assertInstanceOf(LiveVideo.Start.class, a.next());
      assertTrue(start.codec().matches("avc1\\.[0-9a-f]{6}"), start.codec());
      assertEquals("ftyp", box(start.init(), 0));
      assertTrue(new String(start.init(), StandardCharsets.ISO_8859_1).contains("moov"));
      assertInstanceOf(LiveVideo.Start.class, b.next());

      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      stream.write(start.init());
      int fragments = 25;
      for (int i = 0; i < fragments; i++) {
        LiveVideo.Fragment f = assertInstanceOf(LiveVideo.Fragment.class, a.next());
        LiveVideo.Fragment g = assertInstanceOf(LiveVideo.Fragment.class, b.next());
        if (i == 0) assertTrue(f.keyframe(), "a viewer starts at a keyframe");
        assertEquals("moof", box(f.data(), 0));
        assertArrayEquals(f.data(), g.data(), "both viewers get the same fragments");
        stream.write(f.data());
      }
      Path file = Files.createTempFile("live", ".mp4");
      try {
        Files.write(file, stream.toByteArray());
        assertEquals(fragments, decodedFrames(file), "one decodable frame per fragment");
      } finally {
        Files.delete(file);
      }

      a.viewer.close();
      b.viewer.close();
      for (int i = 0; i < 100 && video.remuxes() > 0; i++) Thread.sleep(100);
      assertEquals(0, video.remuxes(), "the remux stops after its last viewer left");
    }
  }

  @Test
  void aLoopingReplayStartsANewStreamEachTime() throws Exception {
    try (LiveVideo video = LiveVideo.create(IngestOptions.defaults(), Map.of())) {
      Collector c = watch(video, "loop", new StreamSource.Replay(TestMedia.h264Short(), true));
      LiveVideo.Start first = assertInstanceOf(LiveVideo.Start.class, c.next());
      int fragments = 0;
      LiveVideo.ViewerMessage m;
      while ((m = c.next()) instanceof LiveVideo.Fragment) fragments++;
      // 3 s at 10 fps, paced at real time; then the file starts over as a new stream.
      assertEquals(30, fragments);
      LiveVideo.Start again = assertInstanceOf(LiveVideo.Start.class, m);
      assertTrue(again.epochMillis() >= first.epochMillis() + 2_000, "paced at real time");
      assertTrue(assertInstanceOf(LiveVideo.Fragment.class, c.next()).keyframe());
    }
  }

  @Test
  void aCodecMseCannotPlayIsSaidSo() throws Exception {
    try (LiveVideo video = LiveVideo.create(IngestOptions.defaults(), Map.of())) {
      Collector c = watch(video, "pets", new StreamSource.Replay(TestMedia.shared("pets09-s2l1/vtest.avi"), true));
      LiveVideo.Unsupported u = assertInstanceOf(LiveVideo.Unsupported.class, c.next());
      assertEquals("msmpeg4v3", u.codec());
    }
  }

  private static int decodedFrames(Path file) throws Exception {
    int n = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      for (Frame f; (f = g.grabImage()) != null; ) {
        if (f.image == null) fail("a frame without a picture");
        n++;
      }
    }
    return n;
  }
}
