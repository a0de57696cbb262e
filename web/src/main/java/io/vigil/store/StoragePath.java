package io.vigil.store;

/** How time series are kept, chosen once, when the database is first migrated. */
public enum StoragePath {
  /** Hypertables, continuous aggregates, compression and retention policies. */
  TIMESCALE,
  /** Plain tables, {@code date_bin} queries over raw rows and a retention job run by Vigil. */
  POSTGRES
}
