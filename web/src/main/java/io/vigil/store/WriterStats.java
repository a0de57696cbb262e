package io.vigil.store;

/**
 * What the writer has done since start. Occupancy samples are either stored, dropped (the bounded
 * buffer overflowed while the database was slow or away), rejected by the database, or still
 * buffered. Alerts are never dropped: they are stored, pending in the spool, or rejected by the
 * database and kept in the rejected file.
 */
public record WriterStats(
    boolean databaseUp,
    long occupancyOffered,
    long occupancyStored,
    long occupancyDropped,
    long occupancyRejected,
    int occupancyBuffered,
    long alertsAppended,
    long alertsStored,
    long alertsPending,
    long alertsRejected,
    long statusOffered,
    long statusStored,
    long statusDropped,
    long ignoredInputs) {}
