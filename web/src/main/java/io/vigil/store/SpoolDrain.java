package io.vigil.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Stores what a {@link Spool} holds, oldest first, and only then marks it stored: a batch the database
 * could not take stays for the next try, one it refuses is retried entry by entry and the refused ones
 * are kept in the spool's rejected file, so nothing is lost and nothing stored twice (the writes are
 * idempotent, should a crash come between the commit and the spool's mark).
 *
 * <p>Owned by one writer thread, like its spool.
 */
final class SpoolDrain<T> {
  private static final System.Logger LOG = System.getLogger(SpoolDrain.class.getName());

  @FunctionalInterface
  interface Insert<T> {
    void insert(Connection c, List<T> rows) throws SQLException;
  }

  private final Spool<T> spool;
  private final Insert<T> insert;
  private final Function<T, String> describe;
  private final int batchSize;
  final AtomicLong stored = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();

  SpoolDrain(Spool<T> spool, Insert<T> insert, Function<T, String> describe, int batchSize) {
    this.spool = spool;
    this.insert = insert;
    this.describe = describe;
    this.batchSize = batchSize;
  }

  Spool<T> spool() {
    return spool;
  }

  /**
   * Stores batches until the spool is empty. False when the database is away ({@code down} is told
   * why) or the spool cannot be read; {@code up} is told of every batch the database took.
   *
   * @param done told how many entries left the spool (stored, rejected or unreadable)
   */
  boolean drain(DataSource db, Consumer<SQLException> down, Runnable up, Consumer<Integer> done) {
    try {
      while (spool.hasPending()) {
        Spool.Batch<T> batch = spool.read(batchSize);
        if (!batch.items().isEmpty() && !store(db, batch.items(), down, up)) return false;
        spool.commit(batch);
        rejected.addAndGet(batch.unreadable());
        done.accept(batch.items().size() + batch.unreadable());
      }
      return true;
    } catch (IOException e) {
      LOG.log(Level.ERROR, "Cannot read the spool " + spool.kind().file() + ": " + e);
      return false;
    }
  }

  private boolean store(DataSource db, List<T> rows, Consumer<SQLException> down, Runnable up) {
    try (Connection c = db.getConnection()) {
      insert.insert(c, rows);
      stored.addAndGet(rows.size());
      up.run();
      return true;
    } catch (SQLException e) {
      if (SqlFailures.isTransient(e)) {
        down.accept(e);
        return false;
      }
    }
    for (T row : rows) {
      try (Connection c = db.getConnection()) {
        insert.insert(c, List.of(row));
        stored.incrementAndGet();
      } catch (SQLException e) {
        if (SqlFailures.isTransient(e)) {
          down.accept(e);
          return false;
        }
        LOG.log(Level.ERROR, "Database refused " + describe.apply(row) + " (" + e.getMessage() + "), kept in "
            + spool.kind().rejectedFile());
        spool.reject(row, e.getMessage());
        rejected.incrementAndGet();
      }
    }
    return true;
  }
}
