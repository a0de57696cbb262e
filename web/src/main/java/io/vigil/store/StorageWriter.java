package io.vigil.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Hands time series to the storage writer. Every method returns at once, never blocks and never
 * throws, whatever the database is doing, so camera and analytics threads can call it from their
 * loops. A null argument is counted in {@link WriterStats#ignoredInputs()} and logged, and so are
 * samples and status changes offered after {@link Storage#close()}; alerts appended after it are
 * written to the spool file and stored at the next start.
 *
 * <p>While the database is away (an external server's outage, or the embedded one being restarted
 * by its supervisor) alerts and camera status changes wait in their spool files on disk, and occupancy
 * samples go from their memory buffer to a spool file of their own that, like the buffer, drops and
 * counts the oldest beyond its capacity; when it is back they are written in the order they came.
 *
 * <p>The threads that write time series: one for alerts, one for occupancy samples and status
 * changes, each with its own connection, so an alert never waits behind a batch of thousands of
 * samples. Producers only touch in-memory queues, so nothing they do waits on the database.
 */
public final class StorageWriter {
  private static final System.Logger LOG = System.getLogger(StorageWriter.class.getName());
  private static final int ALERT_BATCH = 500;
  private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(2);

  private final DataSource dataSource;
  private final Spool<Alert> spool;
  private final SpoolDrain<Alert> alerts;
  private final SpoolDrain<CameraStatusChange> statusDrain;
  private final int batchSize;
  private final long flushNanos;
  private final long closeNanos;
  private final Thread alertThread;
  private final Thread seriesThread;

  private final ConcurrentLinkedQueue<Alert> alertInbox = new ConcurrentLinkedQueue<>();
  private final DropOldestBuffer<OccupancySample> occupancy;
  private final SampleSpill spill;
  /** Status changes in their spool file and not yet stored: found there at start, or spooled since. */
  private final AtomicLong statusSpooled = new AtomicLong();
  private final DropOldestBuffer<CameraStatusChange> status;
  private final AtomicLong alertsAppended = new AtomicLong();
  private final AtomicLong occupancyStored = new AtomicLong();
  private final AtomicLong occupancyRejected = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private volatile boolean accepting = true;
  /** Set once the writer threads are gone; alerts appended after that go straight to the spool file. */
  private volatile boolean closed;
  private final Object lateLock = new Object();
  private volatile boolean stopping;
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private volatile long downSince;
  /** Appended or found in the spool at start, and neither stored nor rejected yet. */
  private final AtomicLong alertsPending = new AtomicLong();

  // Alert thread only.
  private List<Alert> unspooled = new ArrayList<>();
  private boolean spoolFailing;
  // Series thread only.
  private boolean statusSpoolFailing;

  /**
   * @param statusCapacity status changes held in memory while their spool file cannot be written
   */
  StorageWriter(DataSource dataSource, Spool<Alert> spool, Spool<CameraStatusChange> statusSpool,
      Spool<OccupancySample> occupancySpool, int batchSize, int occupancyCapacity, int statusCapacity,
      Duration flushInterval, Duration closeTimeout) {
    this.dataSource = dataSource;
    this.spool = spool;
    this.alerts = new SpoolDrain<>(spool, AlertTable::upsert, a -> "alert " + a.id() + " of camera " + a.cameraId(),
        ALERT_BATCH);
    this.statusDrain = new SpoolDrain<>(statusSpool, JdbcStore::insertStatus,
        c -> "status change of camera " + c.cameraId() + " at " + c.time(), batchSize);
    this.batchSize = batchSize;
    this.flushNanos = flushInterval.toNanos();
    this.closeNanos = closeTimeout.toNanos();
    this.occupancy = new DropOldestBuffer<>(occupancyCapacity);
    this.spill = new SampleSpill(occupancySpool, batchSize, occupancyCapacity);
    this.statusSpooled.set(statusSpool.pendingCount());
    this.status = new DropOldestBuffer<>(statusCapacity);
    this.alertsPending.set(spool.pendingCount());
    // append() wakes the alert thread for every alert, so it has no backlog to check.
    this.alertThread = new Thread(() -> run(this::alertCycle, this::alertsIdle, () -> false), "vigil-store-alerts");
    this.seriesThread = new Thread(() -> run(this::seriesCycle, this::seriesIdle, this::seriesBacklog),
        "vigil-store-series");
    alertThread.setDaemon(true);
    seriesThread.setDaemon(true);
  }

  void start() {
    alertThread.start();
    seriesThread.start();
  }

  /** Buffered; when the buffer is full the oldest sample is dropped and counted. */
  public void offer(OccupancySample sample) {
    if (refuse(sample, "an occupancy sample")) return;
    if (occupancy.offer(sample) == batchSize) LockSupport.unpark(seriesThread);
  }

  /** Never dropped: spooled to local disk, then stored in order, exactly once. */
  public void append(Alert alert) {
    if (alert == null) {
      refuse(null, "an alert");
      return;
    }
    alertsAppended.incrementAndGet();
    alertsPending.incrementAndGet();
    alertInbox.add(alert);
    if (closed) {
      spoolLate();
    } else {
      LockSupport.unpark(alertThread);
    }
  }

  /** Alerts from producers that outlive close(): they wait in the spool for the next start. */
  private void spoolLate() {
    synchronized (lateLock) {
      List<Alert> late = new ArrayList<>();
      for (Alert a; (a = alertInbox.poll()) != null; ) late.add(a);
      if (late.isEmpty()) return;
      try {
        Spool.appendAfterClose(spool.dir(), Spool.ALERTS, late);
        LOG.log(Level.WARNING, late.size()
            + " alerts arrived after storage closed, kept in the spool for the next start");
      } catch (IOException e) {
        late.forEach(a -> LOG.log(Level.ERROR, "Alert " + a.id() + " of camera " + a.cameraId()
            + " arrived after storage closed and could not be spooled: " + e.toString()));
      }
    }
  }

  /** Spooled to local disk, then stored in order, exactly once; dropped only while the disk refuses the spool. */
  public void append(CameraStatusChange change) {
    if (refuse(change, "a camera status change")) return;
    status.offer(change);
    LockSupport.unpark(seriesThread);
  }

  private boolean refuse(Object item, String what) {
    if (item != null && accepting) return false;
    if (ignored.incrementAndGet() == 1) {
      LOG.log(Level.WARNING, "Ignored " + what + ": " + (item == null ? "it was null" : "storage is closed"));
    }
    return true;
  }

  public WriterStats stats() {
    long statusOffered = status.offered();
    long statusStored = statusDrain.stored.get();
    long statusRejected = statusDrain.rejected.get();
    long statusDropped = status.dropped();
    return new WriterStats(databaseUp.get(), occupancy.offered(), occupancyStored.get() + spill.stored(),
        occupancy.dropped() + spill.dropped.get(), occupancyRejected.get() + spill.rejected(),
        (int) Math.min(Integer.MAX_VALUE, occupancy.size() + spill.pending.get()), alertsAppended.get(), alerts.stored.get(),
        alertsPending.get(), alerts.rejected.get(), statusOffered, statusStored, statusDropped, statusRejected,
        status.size() + statusSpooled.get(), ignored.get());
  }

  /**
   * Runs cycles until closed; after a failed cycle it backs off, after a good one it goes on while a
   * full batch waits, else sleeps until woken or the flush interval passes. On close it keeps going
   * until idle or the close timeout.
   */
  private void run(BooleanSupplier cycle, BooleanSupplier idle, BooleanSupplier backlog) {
    long backoff = MIN_BACKOFF;
    long closeDeadline = Long.MAX_VALUE;
    while (true) {
      boolean closing = stopping;
      if (closing && closeDeadline == Long.MAX_VALUE) closeDeadline = System.nanoTime() + closeNanos;
      boolean ok;
      try {
        ok = cycle.getAsBoolean();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Storage writer cycle failed, retrying", e);
        ok = false;
      }
      if (closing && ((ok && idle.getAsBoolean()) || System.nanoTime() > closeDeadline)) return;
      if (!ok) {
        LockSupport.parkNanos(this, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF);
      } else {
        backoff = MIN_BACKOFF;
        if (!backlog.getAsBoolean()) LockSupport.parkNanos(this, flushNanos);
      }
    }
  }

  /** False when the database is away or the spool cannot be written. */
  private boolean alertCycle() {
    boolean spooled = spoolInbox();
    return writeAlerts() && spooled;
  }

  private boolean alertsIdle() {
    return alertInbox.isEmpty() && unspooled.isEmpty() && !spool.hasPending();
  }

  /** Status changes first and all of them, so they never wait behind a backlog of samples. */
  private boolean seriesCycle() {
    boolean spooled = spoolStatus();
    if (!statusDrain.drain(dataSource, this::down, this::up, n -> statusSpooled.addAndGet(-n))) {
      spillMemory();
      return false;
    }
    return spooled && writeOccupancy();
  }

  private boolean seriesIdle() {
    return occupancy.size() == 0 && spill.isEmpty() && status.size() == 0 && !statusDrain.spool().hasPending();
  }

  private boolean spoolStatus() {
    List<CameraStatusChange> batch = status.drain(Integer.MAX_VALUE);
    if (batch.isEmpty()) return true;
    try {
      statusDrain.spool().append(batch);
      statusSpooled.addAndGet(batch.size());
      if (statusSpoolFailing) LOG.log(Level.INFO, "Camera status spool writable again");
      statusSpoolFailing = false;
      return true;
    } catch (IOException e) {
      status.requeue(batch);
      if (!statusSpoolFailing) LOG.log(Level.ERROR, "Cannot write the camera status spool, holding " + batch.size()
          + " status changes in memory: " + e);
      statusSpoolFailing = true;
      return false;
    }
  }

  private boolean seriesBacklog() {
    return occupancy.size() >= batchSize || status.size() >= batchSize;
  }

  private boolean spoolInbox() {
    for (Alert a; (a = alertInbox.poll()) != null; ) unspooled.add(a);
    if (unspooled.isEmpty()) return true;
    try {
      spool.append(unspooled);
      unspooled = new ArrayList<>();
      if (spoolFailing) LOG.log(Level.INFO, "Alert spool writable again");
      spoolFailing = false;
      return true;
    } catch (IOException e) {
      if (!spoolFailing) LOG.log(Level.ERROR, "Cannot write the alert spool, holding " + unspooled.size()
          + " alerts in memory: " + e.toString());
      spoolFailing = true;
      return false;
    }
  }

  private boolean writeAlerts() {
    return alerts.drain(dataSource, this::down, this::up, n -> alertsPending.addAndGet(-n));
  }

  /** Those spilled to disk first (they are older), then those in memory. */
  private boolean writeOccupancy() {
    if (!spill.isEmpty() && !spill.store(dataSource, this::down, this::up)) {
      spillMemory();
      return false;
    }
    List<OccupancySample> batch = occupancy.drain(batchSize);
    if (batch.isEmpty()) return true;
    try (Connection c = dataSource.getConnection()) {
      JdbcStore.insertOccupancy(c, batch);
      occupancyStored.addAndGet(batch.size());
      up();
      return true;
    } catch (SQLException e) {
      if (SqlFailures.isTransient(e)) {
        occupancy.requeue(batch);
        spillMemory();
        down(e);
        return false;
      }
      occupancyRejected.addAndGet(batch.size());
      LOG.log(Level.ERROR, "Database refused " + batch.size() + " occupancy samples (" + e.getMessage() + ")");
      return true;
    }
  }

  /** The database is away: the samples in memory go to disk, where they also outlive a restart of Vigil. */
  private void spillMemory() {
    List<OccupancySample> all = occupancy.drain(Integer.MAX_VALUE);
    if (!spill.spill(all)) occupancy.requeue(all);
  }

  private void down(SQLException e) {
    if (!databaseUp.compareAndSet(true, false)) return;
    downSince = System.nanoTime();
    LOG.log(Level.WARNING, "Database unreachable or too slow (" + e.getMessage()
        + "): alerts, camera status changes and occupancy samples go to their spool files");
  }

  private void up() {
    if (databaseUp.get() || !databaseUp.compareAndSet(false, true)) return;
    LOG.log(Level.INFO, "Database reachable again after "
        + (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince)) + " s, " + spool.pendingCount()
        + " alerts and " + spill.pending.get() + " occupancy samples in the spool, "
        + (occupancy.dropped() + spill.dropped.get()) + " occupancy samples dropped so far");
  }

  /** Stops taking input and writes what is left, up to the close timeout; unwritten alerts stay spooled. */
  void close() {
    accepting = false;
    stopping = true;
    LockSupport.unpark(alertThread);
    LockSupport.unpark(seriesThread);
    try {
      alertThread.join(TimeUnit.NANOSECONDS.toMillis(closeNanos) + 5_000);
      seriesThread.join(TimeUnit.NANOSECONDS.toMillis(closeNanos) + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (alertThread.isAlive() || seriesThread.isAlive()) {
      LOG.log(Level.ERROR, "Storage writer did not stop in time");
      return;
    }
    synchronized (lateLock) {
      // Set before the last spooling: an append that still sees it unset has already queued its alert.
      closed = true;
      spoolInbox();
      try {
        spool.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Closing the alert spool: " + e.toString());
      }
      closeStatusSpool();
      spillMemory();
      spill.close();
    }
    WriterStats s = stats();
    if (s.alertsPending() > 0 || s.statusPending() > 0 || s.occupancyBuffered() > 0) {
      LOG.log(Level.WARNING, "Storage closed with " + s.alertsPending() + " alerts and " + s.statusPending()
          + " camera status changes and " + s.occupancyBuffered() + " occupancy samples left in the spool for the "
          + "next start");
    }
  }

  /** The writer threads are gone: status changes still in memory go to the spool for the next start. */
  private void closeStatusSpool() {
    spoolStatus();
    try {
      statusDrain.spool().close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the camera status spool: " + e);
    }
  }
}
