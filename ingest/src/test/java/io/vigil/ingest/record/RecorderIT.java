package io.vigil.ingest.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.CameraConfig;
import io.vigil.config.Credentials;
import io.vigil.config.RecordSettings;
import io.vigil.config.StreamSource;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder against a real RTSP server serving real H.264: segment files that ffprobe reads on
 * their own, starting at keyframes; a clip that starts before the event; a full disk that stops and
 * resumes; an outage that leaves a gap and no broken file.
 */
class RecorderIT {
  @TempDir
  Path dir;

  /** Collects what the recorder reports. */
  static final class Reports implements RecordingListener {
    final List<Segment> segments = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();

    @Override
    public void segment(Segment s) {
      segments.add(s);
    }

    @Override
    public void state(String cameraId, String reason) {
      states.add(cameraId + ": " + (reason == null ? "resumed" : reason));
    }
  }

  private static CameraConfig camera(String id, TestRtspServer server, RecordSettings.Mode mode) {
    CameraConfig c = TestCameras.rtsp(id, server.uri("cam"));
    return new CameraConfig(c.id(), c.name(), c.site(), c.type(), c.location(), c.detect(), null, c.analyticFps(),
        c.zones(), true, null, new RecordSettings(mode, Duration.ofSeconds(2), Duration.ofSeconds(1), 1));
  }

  private Recorder recorder(Reports reports, DiskSpace space) {
    RecorderOptions o = new RecorderOptions(new SegmentFiles(dir), Duration.ofSeconds(2),
        RecorderOptions.DEFAULT_MAX_PRE_ROLL, space);
    return new Recorder(o, IngestOptions.defaults(), Map.of(), reports);
  }

  @Test
  void continuousRecordingWritesSelfContainedSegmentsAndAnOutageLeavesAGap() throws Exception {
    Reports reports = new Reports();
    try (TestRtspServer server = new TestRtspServer().h264("cam", TestMedia.h264()).start();
        Recorder recorder = recorder(reports, new DiskSpace(dir, 0))) {
      recorder.sync(List.of(camera("cont", server, RecordSettings.Mode.CONTINUOUS)));
      TestCameras.within(Duration.ofSeconds(40), "three segments", () -> reports.segments.size() >= 3);
      server.stop();
      TestCameras.within(Duration.ofSeconds(30), "the segment being written ends with the stream",
          () -> partFiles().isEmpty());
      int before = reports.segments.size();
      Thread.sleep(1_000);
      server.start();
      TestCameras.within(Duration.ofSeconds(40), "recording again after the outage",
          () -> reports.segments.size() >= before + 2);
    }
    for (Segment s : reports.segments) {
      assertTrue(Files.isRegularFile(s.file()), s.file().toString());
      assertEquals(Files.size(s.file()), s.bytes());
      double seconds = probeDuration(s.file());
      assertEquals(s.durationMillis() / 1000.0, seconds, 0.25, "indexed duration of " + s.file());
      assertTrue(firstFrameIsKey(s.file()), "starts at a keyframe: " + s.file());
    }
    // Segments are cut at keyframes (1 s apart here) once 2 s long: 2 s each, not longer.
    assertEquals(2.0, reports.segments.get(1).durationMillis() / 1000.0, 0.2);
    assertTrue(reports.segments.get(1).start().isBefore(reports.segments.get(2).start()));
    assertTrue(partFiles().isEmpty(), "no unfinished file left");

    // A download across three segments (and from the middle of the first): one MP4, by packet copy.
    List<ClipExport.Part> parts = reports.segments.subList(0, 3).stream()
        .map(s -> new ClipExport.Part(s.file(), s.start().toEpochMilli())).toList();
    long from = reports.segments.get(0).start().toEpochMilli() + 1_000;
    long to = reports.segments.get(2).end().toEpochMilli();
    Path out = dir.resolve("export.mp4");
    long written = ClipExport.write(parts, from, to, out);
    assertEquals((to - from) / 1000.0, probeDuration(out), 0.3, "the chosen range, from the keyframe at its start");
    assertEquals(written / 1000.0, probeDuration(out), 0.2);
    assertTrue(firstFrameIsKey(out));
  }

  @Test
  void eventsModeWritesTheMinuteAroundAnEventAndAFullDiskStopsAndResumes() throws Exception {
    Reports reports = new Reports();
    DiskSpace space = new DiskSpace(dir, 0);
    try (TestRtspServer server = new TestRtspServer().h264("cam", TestMedia.h264()).start();
        Recorder recorder = recorder(reports, space)) {
      recorder.sync(List.of(camera("ev", server, RecordSettings.Mode.EVENTS)));
      Thread.sleep(5_000);
      assertTrue(reports.segments.isEmpty(), "nothing is written without an event");
      long opened = System.currentTimeMillis();
      recorder.eventOpened("ev", "alert-1");
      Thread.sleep(3_000);
      recorder.eventClosed("ev", "alert-1");
      long closed = System.currentTimeMillis();
      TestCameras.within(Duration.ofSeconds(20), "the clip is written",
          () -> !reports.segments.isEmpty() && partFiles().isEmpty());
      Segment first = reports.segments.get(0);
      assertTrue(first.start().toEpochMilli() <= opened - 1_500,
          "the clip starts with the pre-roll: " + (opened - first.start().toEpochMilli()) + " ms before the event");
      Segment last = reports.segments.get(reports.segments.size() - 1);
      assertTrue(last.end().toEpochMilli() >= closed + 500, "and ends after the post-roll");

      space.reserve(Long.MAX_VALUE);
      recorder.eventOpened("ev", "alert-2");
      TestCameras.within(Duration.ofSeconds(20), "disk full said", () -> reports.states.contains("ev: disk full"));
      // The segment begun before the check noticed ends cleanly at the next keyframe (1 s apart here).
      Thread.sleep(1_500);
      int written = reports.segments.size();
      Thread.sleep(3_000);
      assertEquals(written, reports.segments.size(), "nothing is written to a full disk");
      space.reserve(0);
      TestCameras.within(Duration.ofSeconds(20), "resumed", () -> reports.states.contains("ev: resumed"));
      recorder.eventClosed("ev", "alert-2");
      TestCameras.within(Duration.ofSeconds(20), "recording resumed by itself",
          () -> reports.segments.size() > written);
    }
    for (Segment s : reports.segments) assertTrue(firstFrameIsKey(s.file()), s.file().toString());
  }

  @Test
  void aCodecMp4CannotCarryIsNotRecorded() throws Exception {
    Reports reports = new Reports();
    try (Recorder recorder = recorder(reports, new DiskSpace(dir, 0))) {
      CameraConfig c = TestCameras.camera("divx", new StreamSource.Replay(TestMedia.shared("pets09-s2l1/vtest.avi"), true), 1);
      recorder.sync(List.of(new CameraConfig(c.id(), c.name(), c.site(), c.type(), c.location(), c.detect(), null, 1,
          c.zones(), true, null, new RecordSettings(RecordSettings.Mode.CONTINUOUS, Duration.ZERO, Duration.ZERO, 1))));
      TestCameras.within(Duration.ofSeconds(20), "said", () -> reports.states.contains("divx: codec msmpeg4v3 cannot be recorded"));
    }
    assertTrue(reports.segments.isEmpty());
  }

  private List<Path> partFiles() {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(SegmentFiles.PART)).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static double probeDuration(Path file) throws Exception {
    String out = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.toString());
    return Double.parseDouble(out.trim());
  }

  static boolean firstFrameIsKey(Path file) throws Exception {
    String out = run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=flags", "-of", "csv=p=0",
        "-read_intervals", "%+#1", file.toString());
    return out.trim().startsWith("K");
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    return out;
  }

  static Credentials none() {
    return Credentials.none();
  }
}
