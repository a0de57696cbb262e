package io.vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.ingest.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment writer on real H.264 packets: a file ffprobe reads alone, and a full device (the
 * kernel's own "no space left", from /dev/full) recognised as a full disk, with nothing left behind.
 */
class SegmentWriterIT {
  @TempDir
  Path dir;

  private interface Body {
    void run(FFmpegFrameGrabber g, AVStream video, List<RecordedPacket> packets) throws Exception;
  }

  /** The demo clip's first 50 packets (5 s), copied out, with its stream for the codec parameters. */
  private static void withClip(Body body) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(TestMedia.shared("sample-clips/one-by-one-person-detection.mp4")
        .toFile())) {
      g.start();
      AVStream video = g.getFormatContext().streams(g.getVideoStream());
      List<RecordedPacket> packets = new ArrayList<>();
      AVPacket p;
      while (packets.size() < 50 && (p = g.grabPacket()) != null) {
        if (p.stream_index() != video.index()) continue;
        byte[] data = new byte[p.size()];
        p.data().get(data);
        packets.add(new RecordedPacket(data, p.pts(), p.dts(), p.duration(), (p.flags() & AV_PKT_FLAG_KEY) != 0,
            System.currentTimeMillis()));
      }
      body.run(g, video, packets);
    }
  }

  @Test
  void aSegmentIsAFileThatPlaysAlone() throws Exception {
    withClip((g, video, packets) -> {
      Path part = dir.resolve("1.part");
      Path done = dir.resolve("1_5000.mp4");
      SegmentWriter w = new SegmentWriter(part, video.codecpar(), video.time_base());
      packets.forEach(w::write);
      assertEquals(5_000, w.lengthMillis());
      w.finish(done);
      assertFalse(Files.exists(part));
      assertEquals(5.0, RecorderIT.probeDuration(done), 0.15);
      assertTrue(RecorderIT.firstFrameIsKey(done));
    });
  }

  @Test
  void aFullDeviceIsADiskFullAndLeavesNothing() throws Exception {
    withClip((g, video, packets) -> {
      Path part = dir.resolve("2.part");
      Files.createSymbolicLink(part, Path.of("/dev/full"));
      // As the recorder does: a failed write drops the segment (the constructor and finish do it themselves).
      RecordingException e = assertThrows(RecordingException.class, () -> {
        SegmentWriter w = new SegmentWriter(part, video.codecpar(), video.time_base());
        try {
          packets.forEach(w::write);
        } catch (RecordingException x) {
          w.abort();
          throw x;
        }
        w.finish(dir.resolve("2_5000.mp4"));
      });
      assertTrue(e.diskFull(), e.getMessage());
      assertFalse(Files.exists(part, LinkOption.NOFOLLOW_LINKS), "the unfinished segment is removed");
      assertFalse(Files.exists(dir.resolve("2_5000.mp4")));
    });
  }
}
