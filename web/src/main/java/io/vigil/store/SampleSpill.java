package io.vigil.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Occupancy samples moved from memory to disk while the database is away, so that they also outlive a
 * crash or restart of Vigil during the outage. Bounded like the memory buffer: beyond {@code capacity}
 * the oldest are dropped, and counted. Written back, oldest first, before the samples still in memory.
 *
 * <p>Owned by the writer's series thread; the counters may be read from any thread.
 */
final class SampleSpill {
  private static final System.Logger LOG = System.getLogger(SampleSpill.class.getName());

  private final SpoolDrain<OccupancySample> drain;
  private final long capacity;
  /** In the file and not yet stored or dropped. */
  final AtomicLong pending = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  private boolean failing;

  SampleSpill(Spool<OccupancySample> spool, int batchSize, long capacity) {
    this.drain = new SpoolDrain<>(spool, JdbcStore::insertOccupancy,
        s -> "occupancy sample of " + s.cameraId() + "/" + s.zoneId() + " at " + s.time(), batchSize);
    this.capacity = capacity;
    this.pending.set(spool.pendingCount());
  }

  long stored() {
    return drain.stored.get();
  }

  long rejected() {
    return drain.rejected.get();
  }

  boolean isEmpty() {
    return !drain.spool().hasPending();
  }

  /** Appends the samples (one forced write); false when the disk refuses, and the caller keeps them. */
  boolean spill(List<OccupancySample> samples) {
    if (samples.isEmpty()) return true;
    try {
      drain.spool().append(samples);
      pending.addAndGet(samples.size());
      dropOverCapacity();
      if (failing) LOG.log(Level.INFO, "Occupancy spool writable again");
      failing = false;
      return true;
    } catch (IOException e) {
      if (!failing) LOG.log(Level.ERROR, "Cannot write the occupancy spool, samples stay in memory: " + e);
      failing = true;
      return false;
    }
  }

  /** Stores what the file holds; false while the database is away. */
  boolean store(DataSource db, Consumer<SQLException> down, Runnable up) {
    boolean ok = drain.drain(db, down, up, n -> pending.addAndGet(-n));
    try {
      drain.spool().compactIfWasteful();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Compacting the occupancy spool: " + e);
    }
    return ok;
  }

  private void dropOverCapacity() throws IOException {
    long over = pending.get() - capacity;
    while (over > 0) {
      Spool.Batch<OccupancySample> oldest = drain.spool().read((int) Math.min(over, Integer.MAX_VALUE));
      drain.spool().commit(oldest);
      int n = oldest.items().size() + oldest.unreadable();
      if (n == 0) break;
      pending.addAndGet(-n);
      dropped.addAndGet(n);
      over -= n;
    }
    drain.spool().compactIfWasteful();
  }

  void close() {
    try {
      drain.spool().close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the occupancy spool: " + e);
    }
  }
}
