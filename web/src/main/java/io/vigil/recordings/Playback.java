package io.vigil.recordings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vigil.config.CameraConfig;
import io.vigil.config.RecordSettings;
import io.vigil.ingest.record.ClipExport;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import io.vigil.web.RecordingSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the API plays and downloads, read from the index and the recordings' files. In a cluster without
 * shared storage, a segment recorded by another node is fetched from it ({@code remote}, over the event
 * bus) into a temporary file, served and joined like a local one. Safe from any thread; the blocking
 * work runs on Vert.x workers.
 */
public final class Playback implements RecordingSource {
  private static final System.Logger LOG = System.getLogger(Playback.class.getName());
  /** An owner's answer that it has no such segment (any other failure means it cannot give it now). */
  private static final int OWNER_NOT_FOUND = 404;

  private final Vertx vertx;
  private final Recordings recordings;
  private final Function<String, CameraConfig> cameras;
  private final Function<SegmentRow, Future<Buffer>> remote;

  /** On a single node, or a cluster whose nodes share the recordings directory. */
  public Playback(Vertx vertx, Recordings recordings, Function<String, CameraConfig> cameras) {
    this(vertx, recordings, cameras, null);
  }

  /**
   * @param remote a segment's bytes from the node that recorded it, failing with the event bus's {@link
   *               ReplyException}; null when no other node can be asked
   */
  public Playback(Vertx vertx, Recordings recordings, Function<String, CameraConfig> cameras,
      Function<SegmentRow, Future<Buffer>> remote) {
    this.vertx = vertx;
    this.recordings = recordings;
    this.cameras = cameras;
    this.remote = remote;
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
  public Future<SegmentFile> segmentFile(String cameraId, Instant start) {
    return vertx.executeBlocking(() -> {
      SegmentRow s = recordings.index().find(cameraId, start);
      Located p = s == null ? null : locate(s);
      if (p == null || p.gone()) throw new NoSuchElementException("no such segment");
      return p;
    }, false).compose(p -> {
      if (p.local() != null) return Future.succeededFuture(new SegmentFile(p.local(), false));
      return fetch(p.row()).map(f -> new SegmentFile(f, true));
    });
  }

  @Override
  public Future<Path> export(String cameraId, Instant from, Instant to) {
    return vertx.executeBlocking(() -> recordings.index().between(cameraId, from, to).stream().map(this::locate)
        .toList(), false).compose(located -> {
          List<ClipExport.Part> parts = new ArrayList<>();
          List<Path> fetched = new ArrayList<>();
          // One at a time: an owner reads a few segments at once, and a download is not a burst.
          Future<Void> chain = Future.succeededFuture();
          for (Located p : located) {
            if (p.gone()) continue;
            chain = chain.compose(v -> {
              if (p.local() != null) {
                parts.add(new ClipExport.Part(p.local(), p.row().start().toEpochMilli()));
                return Future.succeededFuture();
              }
              return fetch(p.row()).map(f -> {
                fetched.add(f);
                parts.add(new ClipExport.Part(f, p.row().start().toEpochMilli()));
                return (Void) null;
              }).recover(e -> e instanceof NoSuchElementException ? Future.succeededFuture() : Future.failedFuture(e));
            });
          }
          return chain.compose(v -> vertx.executeBlocking(() -> join(parts, cameraId, from, to), false))
              .andThen(r -> vertx.executeBlocking(() -> {
                for (Path f : fetched) delete(f);
                return null;
              }, false));
        });
  }

  private Path join(List<ClipExport.Part> parts, String cameraId, Instant from, Instant to) throws IOException {
    if (parts.isEmpty()) throw new NoSuchElementException("nothing recorded in the range");
    Path out = exports().resolve(cameraId + "-" + UUID.randomUUID() + ".mp4");
    try {
      ClipExport.write(parts, from.toEpochMilli(), to.toEpochMilli(), out);
    } catch (IllegalStateException e) {
      throw new NoSuchElementException(e.getMessage());
    }
    return out;
  }

  /**
   * The segment's file here (this node's, or another's on shared storage), else its row to fetch from the
   * node that recorded it; blocks (file system). A file missing here and recorded here is gone.
   */
  private Located locate(SegmentRow s) {
    Path f = recordings.file(s);
    if (f != null && Files.isRegularFile(f)) return new Located(s, f);
    if (f == null || remote == null || !recordings.elsewhere(s)) return new Located(s, null, true);
    return new Located(s, null);
  }

  /** The segment from its node, in a temporary file under the exports directory (emptied at start-up). */
  private Future<Path> fetch(SegmentRow s) {
    if (remote == null) return Future.failedFuture(new NoSuchElementException("no such segment"));
    return remote.apply(s).recover(e -> Future.failedFuture(e instanceof ReplyException r
        && r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() == OWNER_NOT_FOUND
            ? new NoSuchElementException("the segment is no longer on the node that recorded it")
            : new NodeUnavailable("the segment was recorded by cluster node " + s.node()
                + ", which cannot give it now (" + e.getMessage() + ")", e)))
        .compose(bytes -> vertx.executeBlocking(() -> {
          Path f = exports().resolve("segment-" + UUID.randomUUID() + ".mp4");
          Files.write(f, bytes.getBytes());
          return f;
        }, false));
  }

  private Path exports() throws IOException {
    return Files.createDirectories(recordings.files().root().resolve(StartupCheck.EXPORTS));
  }

  private static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete the fetched segment {0}: {1}", f.getFileName(), e.getMessage());
    }
  }

  /** A segment and its file here, or null when it must be fetched (or, when {@code gone}, is nowhere). */
  private record Located(SegmentRow row, Path local, boolean gone) {
    Located(SegmentRow row, Path local) {
      this(row, local, false);
    }
  }
}
