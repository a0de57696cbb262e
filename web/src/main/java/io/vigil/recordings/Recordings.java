package io.vigil.recordings;

import io.vigil.config.CameraConfig;
import io.vigil.config.RecordSettings;
import io.vigil.ingest.record.RecordingListener;
import io.vigil.ingest.record.Segment;
import io.vigil.ingest.record.SegmentFiles;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * This node's recordings on disk and in the index: indexes what the recorders finish, reports their
 * stops and resumptions, runs retention and the start-up check. Its blocking work (JDBC, files) runs
 * on its own single thread, fed through a bounded queue whose overflow is counted, so a slow database
 * never holds up a recorder; the start-up check and the sweep also run there.
 */
public final class Recordings implements RecordingListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Recordings.class.getName());
  /**
   * Segments ending this long before an unresolved alert stay: the longest pre-roll a camera may have
   * (RecordSettings' bound), so that no camera's clip loses its start.
   */
  static final Duration PROTECT_BEFORE_ALERT = Duration.ofSeconds(60);
  /** Rows one sweep looks at: a sweep runs every minute, so a backlog is worked off in a few. */
  private static final int SWEEP_ROWS = 10_000;
  /** Index writes waiting: 1,000 segments are 10 s of 1,000 cameras. */
  private static final int QUEUE = 1_000;

  private final RecordingIndex index;
  private final Path base;
  private final SegmentFiles files;
  private final String node;
  private final long budgetBytes;
  private final Function<String, CameraConfig> cameras;
  private final BiConsumer<String, String> stateChanges;
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUE), r -> {
        Thread t = new Thread(r, "vigil-recordings");
        t.setDaemon(true);
        return t;
      });

  /**
   * @param base         the recordings directory: a single node's files are right under it, a cluster node's
   *                     under its own subdirectory ({@link #nodeDir}), so nodes sharing the directory (NFS)
   *                     neither check nor delete each other's files and each reads the others'
   * @param node         this cluster node's stable name (its Hazelcast host:port), null on a single node
   * @param cameras      a camera's configuration by id, null when gone
   * @param stateChanges a camera's recording stopped for a reason, or resumed (null): called on the
   *                     recorder's thread, must not block
   */
  public Recordings(RecordingIndex index, Path base, String node, long budgetBytes,
      Function<String, CameraConfig> cameras, BiConsumer<String, String> stateChanges) {
    this.index = index;
    this.base = base.toAbsolutePath().normalize();
    this.files = new SegmentFiles(node == null ? this.base : this.base.resolve(nodeDir(node)));
    this.node = node;
    this.budgetBytes = budgetBytes;
    this.cameras = cameras;
    this.stateChanges = stateChanges;
  }

  public SegmentFiles files() {
    return files;
  }

  public RecordingIndex index() {
    return index;
  }

  /** Whether another cluster node recorded the segment (its file is on that node's disk unless storage is shared). */
  public boolean elsewhere(SegmentRow s) {
    return s.node() != null && !s.node().equals(node);
  }

  /**
   * The file of the camera's segment starting then if this node recorded it, else null: what another node
   * may ask this one for. Only indexed segments of this node, inside its directory; blocks (JDBC).
   */
  public Path owned(String cameraId, Instant start) {
    try {
      SegmentRow s = index.find(cameraId, start);
      return s == null || elsewhere(s) ? null : file(s);
    } catch (SQLException e) {
      throw new IllegalStateException("the recording index is unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public void segment(Segment s) {
    SegmentRow row = new SegmentRow(s.cameraId(), s.start(), s.end(), s.bytes(),
        files.root().relativize(s.file()).toString(), s.keyframeOffsetMillis(), node);
    submit(() -> {
      try {
        index.add(row);
      } catch (SQLException e) {
        // The file stays; the next start-up check indexes it again from its name.
        LOG.log(Level.WARNING, "segment {0} of camera {1} not indexed yet: {2}", row.path(), row.cameraId(),
            e.getMessage());
      }
    });
  }

  @Override
  public void state(String cameraId, String reason) {
    stateChanges.accept(cameraId, reason);
  }

  /** Stores one analysed frame's boxes (JSON) of a camera being recorded, off the caller's thread. */
  public void tracks(String cameraId, long timeMillis, String json) {
    RecordingIndex.TrackRow row = new RecordingIndex.TrackRow(cameraId, Instant.ofEpochMilli(timeMillis), json);
    submit(() -> {
      try {
        index.addTracks(List.of(row));
      } catch (SQLException e) {
        LOG.log(Level.DEBUG, "boxes of camera {0} not stored: {1}", cameraId, e.getMessage());
      }
    });
  }

  /** Index writes that were dropped because the queue was full (their files are indexed at the next start). */
  public long dropped() {
    return dropped.get();
  }

  /** Runs the start-up check on the recordings' thread; completes with what it repaired. */
  public CompletableFuture<StartupCheck.Report> check() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        StartupCheck.Report r = new StartupCheck(index, files, node).run();
        if (r.repaired()) LOG.log(Level.WARNING, "recordings start-up check: {0}", r);
        else LOG.log(Level.INFO, "recordings start-up check: {0} segments, files and index agree", r.segments());
        return r;
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("recordings start-up check failed: " + e.getMessage(), e);
      }
    }, worker);
  }

  /** Deletes what retention says, oldest first; rows before files, so a crash leaves only files, which the check removes. */
  public void sweep() {
    submit(() -> {
      try {
        sweepNow(Instant.now());
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "recording retention skipped: {0}", e.getMessage());
      }
    });
  }

  /** One retention pass, on the caller's thread (the worker, or a test). Returns the segments deleted. */
  List<SegmentRow> sweepNow(Instant now) throws SQLException {
    List<SegmentRow> candidates = index.deletable(node, PROTECT_BEFORE_ALERT, SWEEP_ROWS);
    List<SegmentRow> doomed = RetentionPlan.choose(candidates, index.bytes(node), budgetBytes, this::retainDays, now);
    if (doomed.isEmpty()) return doomed;
    index.remove(doomed);
    index.removeTracks(doomed);
    for (SegmentRow s : doomed) {
      try {
        Path f = file(s);
        if (f != null) Files.deleteIfExists(f);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not delete {0}: {1}", s.path(), e.getMessage());
      }
    }
    LOG.log(Level.INFO, "recording retention deleted {0} segments ({1} MB)", doomed.size(),
        doomed.stream().mapToLong(SegmentRow::bytes).sum() >> 20);
    return doomed;
  }

  private int retainDays(String cameraId) {
    CameraConfig c = cameras.apply(cameraId);
    return c == null ? RecordSettings.DEFAULT.retainDays() : c.record().retainDays();
  }

  /** A node's subdirectory: its name with what a path may not hold replaced. */
  public static String nodeDir(String node) {
    return "node-" + node.replaceAll("[^A-Za-z0-9.-]", "_");
  }

  /**
   * The file of an indexed segment, this node's or (on shared storage) another node's; null when its
   * path would leave the recordings directory.
   */
  public Path file(SegmentRow s) {
    Path root = s.node() == null ? base : base.resolve(nodeDir(s.node()));
    Path p = root.resolve(s.path()).normalize();
    return p.startsWith(base) ? p : null;
  }

  private void submit(Runnable r) {
    try {
      worker.execute(r);
    } catch (RejectedExecutionException e) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
