package io.vigil.recordings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.config.CameraConfig;
import io.vigil.config.RecordSettings;
import io.vigil.ingest.record.ClipExport;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import io.vigil.web.RecordingSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the API plays and downloads, read from the index and this node's files. Safe from any thread;
 * the blocking work runs on Vert.x workers.
 */
public final class Playback implements RecordingSource {
  private final Vertx vertx;
  private final Recordings recordings;
  private final Function<String, CameraConfig> cameras;

  public Playback(Vertx vertx, Recordings recordings, Function<String, CameraConfig> cameras) {
    this.vertx = vertx;
    this.recordings = recordings;
    this.cameras = cameras;
  }

  @Override
  public Future<List<SegmentRow>> segments(String cameraId, Instant from, Instant to) {
    return vertx.executeBlocking(() -> recordings.index().between(cameraId, from, to), false);
  }

  @Override
  public Future<List<RecordingIndex.AlertSpan>> alerts(String cameraId, Instant from, Instant to) {
    return vertx.executeBlocking(() -> recordings.index().alerts(cameraId, from, to), false);
  }

  @Override
  public Future<Clip> clip(UUID alertId) {
    return vertx.executeBlocking(() -> {
      RecordingIndex.AlertSpan a = recordings.index().alert(alertId);
      if (a == null) throw new NoSuchElementException("no alert " + alertId);
      CameraConfig c = cameras.apply(a.cameraId());
      RecordSettings rs = c == null ? RecordSettings.DEFAULT : c.record();
      Instant from = a.opened().minus(rs.preRoll());
      Instant to = (a.resolved() == null ? Instant.now() : a.resolved()).plus(rs.postRoll());
      return new Clip(alertId, a.cameraId(), from, to, a.opened(), recordings.index().between(a.cameraId(), from, to),
          recordings.index().tracks(a.cameraId(), from, to));
    }, false);
  }

  @Override
  public Future<Path> segmentFile(String cameraId, Instant start) {
    return vertx.executeBlocking(() -> {
      SegmentRow s = recordings.index().find(cameraId, start);
      Path f = s == null ? null : recordings.file(s);
      if (f == null || !Files.isRegularFile(f)) throw new NoSuchElementException("no such segment");
      return f;
    }, false);
  }

  @Override
  public Future<Path> export(String cameraId, Instant from, Instant to) {
    return vertx.executeBlocking(() -> {
      List<ClipExport.Part> parts = recordings.index().between(cameraId, from, to).stream()
          .map(s -> new ClipExport.Part(recordings.file(s), s.start().toEpochMilli()))
          .filter(p -> p.file() != null && Files.isRegularFile(p.file())).toList();
      if (parts.isEmpty()) throw new NoSuchElementException("nothing recorded in the range");
      Path dir = Files.createDirectories(recordings.files().root().resolve(StartupCheck.EXPORTS));
      Path out = dir.resolve(cameraId + "-" + UUID.randomUUID() + ".mp4");
      try {
        ClipExport.write(parts, from.toEpochMilli(), to.toEpochMilli(), out);
      } catch (IllegalStateException e) {
        throw new NoSuchElementException(e.getMessage());
      }
      return out;
    }, false);
  }
}
