package io.vigil.recordings;

import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Location;
import io.vigil.config.RecordSettings;
import io.vigil.config.StreamSource;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.record.DiskSpace;
import io.vigil.ingest.record.Recorder;
import io.vigil.ingest.record.RecorderOptions;
import io.vigil.ingest.record.RecordingListener;
import io.vigil.ingest.record.Segment;
import io.vigil.ingest.record.SegmentFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A recorder in a process of its own, for {@link KilledRecorderIT} to kill: records a replayed clip
 * continuously in 2 s segments into {@code args[0]} and prints each finished segment's path.
 */
public final class RecorderMain {
  private RecorderMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    RecordingListener out = new RecordingListener() {
      @Override
      public void segment(Segment s) {
        System.out.println("SEGMENT " + s.file());
        System.out.flush();
      }

      @Override
      public void state(String cameraId, String reason) {
        System.out.println("STATE " + reason);
      }
    };
    Recorder recorder = new Recorder(new RecorderOptions(new SegmentFiles(dir), Duration.ofSeconds(2),
        RecorderOptions.DEFAULT_MAX_PRE_ROLL, new DiskSpace(dir, 0)), IngestOptions.defaults(), Map.of(), out);
    recorder.sync(List.of(new CameraConfig("killed", "killed", "site", CameraType.CHECKPOINT, new Location(0, 0),
        new StreamSource.Replay(Path.of(args[1]), true), null, 1, List.of(), true, null,
        new RecordSettings(RecordSettings.Mode.CONTINUOUS, Duration.ZERO, Duration.ZERO, 1))));
    Thread.sleep(Long.MAX_VALUE);
  }
}
