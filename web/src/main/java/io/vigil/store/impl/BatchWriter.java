package io.vigil.store.impl;

import io.vigil.store.Alert;
import io.vigil.store.CameraStatusChange;
import io.vigil.store.OccupancySample;
import io.vigil.store.StorageWriter;
import io.vigil.store.WriterStats;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes time series. Producers only touch in-memory queues, so nothing they do
 * waits on the database. Each cycle stores spooled alerts first (they matter most and are few),
 * then one batch of status changes and one of occupancy samples, so a flood of samples never delays
 * an alert by more than one batch.
 */
final class BatchWriter implements StorageWriter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  private static final int ALERT_BATCH = 500;
  private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(2);

  private final DataSource dataSource;
  private final AlertSpool spool;
  private final int batchSize;
  private final long flushNanos;
  private final long closeNanos;
  private final Thread thread;

  private final ConcurrentLinkedQueue<Alert> alertInbox = new ConcurrentLinkedQueue<>();
  private final DropOldestBuffer<OccupancySample> occupancy;
  private final DropOldestBuffer<CameraStatusChange> status;
  private final AtomicLong alertsAppended = new AtomicLong();
  private final AtomicLong alertsStored = new AtomicLong();
  private final AtomicLong alertsRejected = new AtomicLong();
  private final AtomicLong occupancyStored = new AtomicLong();
  private final AtomicLong occupancyRejected = new AtomicLong();
  private final AtomicLong statusStored = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private volatile boolean accepting = true;
  private volatile boolean stopping;
  private volatile boolean databaseUp = true;
  /** Appended or found in the spool at start, and neither stored nor rejected yet. */
  private final AtomicLong alertsPending = new AtomicLong();

  // Writer thread only.
  private List<Alert> unspooled = new ArrayList<>();
  private long downSince;
  private boolean spoolFailing;

  BatchWriter(DataSource dataSource, AlertSpool spool, int batchSize, int occupancyCapacity, int statusCapacity,
      Duration flushInterval, Duration closeTimeout) {
    this.dataSource = dataSource;
    this.spool = spool;
    this.batchSize = batchSize;
    this.flushNanos = flushInterval.toNanos();
    this.closeNanos = closeTimeout.toNanos();
    this.occupancy = new DropOldestBuffer<>(occupancyCapacity);
    this.status = new DropOldestBuffer<>(statusCapacity);
    this.alertsPending.set(spool.pendingCount());
    this.thread = new Thread(this::run, "vigil-store-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void offer(OccupancySample sample) {
    if (refuse(sample, "occupancy sample")) return;
    if (occupancy.offer(sample) == batchSize) LockSupport.unpark(thread);
  }

  @Override
  public void append(Alert alert) {
    if (alert == null) {
      refuse(null, "alert");
      return;
    }
    if (!accepting) {
      // Only when a producer outlives close(): say which alert so it can be raised again.
      LOG.error("Alert {} of camera {} arrived after storage closed and was not stored", alert.id(), alert.cameraId());
      ignored.incrementAndGet();
      return;
    }
    alertsAppended.incrementAndGet();
    alertsPending.incrementAndGet();
    alertInbox.add(alert);
    LockSupport.unpark(thread);
  }

  @Override
  public void append(CameraStatusChange change) {
    if (refuse(change, "camera status change")) return;
    status.offer(change);
  }

  private boolean refuse(Object item, String what) {
    if (item != null && accepting) return false;
    if (ignored.incrementAndGet() == 1) {
      LOG.warn("Ignored a {}: {}", what, item == null ? "it was null" : "storage is closed");
    }
    return true;
  }

  @Override
  public WriterStats stats() {
    return new WriterStats(databaseUp, occupancy.offered(), occupancyStored.get(), occupancy.dropped(),
        occupancyRejected.get(), occupancy.size(), alertsAppended.get(), alertsStored.get(),
        alertsPending.get(), alertsRejected.get(), status.offered(), statusStored.get(), status.dropped(),
        ignored.get());
  }

  private void run() {
    long backoff = MIN_BACKOFF;
    long closeDeadline = Long.MAX_VALUE;
    while (true) {
      boolean closing = stopping;
      if (closing && closeDeadline == Long.MAX_VALUE) closeDeadline = System.nanoTime() + closeNanos;
      boolean ok;
      try {
        ok = cycle();
      } catch (RuntimeException e) {
        LOG.error("Storage writer cycle failed, retrying", e);
        ok = false;
      }
      if (closing && ((ok && idle()) || System.nanoTime() > closeDeadline)) return;
      if (!ok) {
        LockSupport.parkNanos(this, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF);
      } else {
        backoff = MIN_BACKOFF;
        if (idle() || (occupancy.size() < batchSize && alertInbox.isEmpty())) LockSupport.parkNanos(this, flushNanos);
      }
    }
  }

  /** One round of writes; false when the database is away or the spool cannot be written. */
  private boolean cycle() {
    boolean spooled = spoolInbox();
    return writeAlerts() && writeStatus() && writeOccupancy() && spooled;
  }

  private boolean idle() {
    return alertInbox.isEmpty() && unspooled.isEmpty() && !spool.hasPending() && occupancy.size() == 0
        && status.size() == 0;
  }

  private boolean spoolInbox() {
    for (Alert a; (a = alertInbox.poll()) != null; ) unspooled.add(a);
    if (unspooled.isEmpty()) return true;
    try {
      spool.append(unspooled);
      unspooled = new ArrayList<>();
      if (spoolFailing) LOG.info("Alert spool writable again");
      spoolFailing = false;
      return true;
    } catch (IOException e) {
      if (!spoolFailing) LOG.error("Cannot write the alert spool, holding {} alerts in memory: {}", unspooled.size(), e.toString());
      spoolFailing = true;
      return false;
    }
  }

  private boolean writeAlerts() {
    try {
      while (spool.hasPending()) {
        AlertSpool.Batch batch = spool.read(ALERT_BATCH);
        if (!batch.alerts().isEmpty() && !storeAlerts(batch.alerts())) return false;
        spool.commit(batch);
        alertsRejected.addAndGet(batch.unreadable());
        alertsPending.addAndGet(-(batch.alerts().size() + batch.unreadable()));
      }
      return true;
    } catch (IOException e) {
      LOG.error("Cannot read the alert spool: {}", e.toString());
      return false;
    }
  }

  /** False when the database is away; alerts it refuses are set aside one by one, never lost. */
  private boolean storeAlerts(List<Alert> alerts) {
    try (Connection c = dataSource.getConnection()) {
      JdbcStore.upsertAlerts(c, alerts);
      alertsStored.addAndGet(alerts.size());
      up();
      return true;
    } catch (SQLException e) {
      if (SqlFailures.isTransient(e)) {
        down(e);
        return false;
      }
    }
    for (Alert a : alerts) {
      try (Connection c = dataSource.getConnection()) {
        JdbcStore.upsertAlerts(c, List.of(a));
        alertsStored.incrementAndGet();
      } catch (SQLException e) {
        if (SqlFailures.isTransient(e)) {
          down(e);
          return false;
        }
        LOG.error("Database refused alert {} of camera {} ({}), kept in {}", a.id(), a.cameraId(), e.getMessage(),
            AlertSpool.REJECTED_FILE);
        spool.reject(a, e.getMessage());
        alertsRejected.incrementAndGet();
      }
    }
    return true;
  }

  private boolean writeStatus() {
    List<CameraStatusChange> batch = status.drain(batchSize);
    if (batch.isEmpty()) return true;
    try (Connection c = dataSource.getConnection()) {
      JdbcStore.insertStatus(c, batch);
      statusStored.addAndGet(batch.size());
      up();
      return true;
    } catch (SQLException e) {
      if (SqlFailures.isTransient(e)) {
        status.requeue(batch);
        down(e);
        return false;
      }
      LOG.error("Database refused {} camera status changes ({})", batch.size(), e.getMessage());
      return true;
    }
  }

  private boolean writeOccupancy() {
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
        down(e);
        return false;
      }
      occupancyRejected.addAndGet(batch.size());
      LOG.error("Database refused {} occupancy samples ({})", batch.size(), e.getMessage());
      return true;
    }
  }

  private void down(SQLException e) {
    if (!databaseUp) return;
    databaseUp = false;
    downSince = System.nanoTime();
    LOG.warn("Database unreachable ({}): alerts go to the spool, occupancy samples wait in a buffer of {}",
        e.getMessage(), occupancy.size());
  }

  private void up() {
    if (databaseUp) return;
    databaseUp = true;
    LOG.info("Database reachable again after {} s, {} alerts in the spool, {} occupancy samples dropped so far",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince), spool.pendingCount(), occupancy.dropped());
  }

  /** Stops taking input and writes what is left, up to the close timeout; unwritten alerts stay spooled. */
  @Override
  public void close() {
    accepting = false;
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(closeNanos) + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.error("Storage writer did not stop in time");
      return;
    }
    spoolInbox(); // alerts whose append() raced with close()
    WriterStats s = stats();
    if (s.alertsPending() > 0 || s.occupancyBuffered() > 0) {
      LOG.warn("Storage closed with {} alerts left in the spool for the next start and {} occupancy samples unwritten",
          s.alertsPending(), s.occupancyBuffered());
    }
    try {
      spool.close();
    } catch (IOException e) {
      LOG.warn("Closing the alert spool: {}", e.toString());
    }
  }
}
