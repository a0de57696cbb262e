package io.vigil.store;

/**
 * What the writer has done since start. Each occupancy sample offered is eventually stored,
 * dropped (the bounded buffer or spool file overflowed while the database was slow or away) or
 * rejected by the database; until then it is buffered (in memory or the spool file) or in the batch
 * being written. Alerts are never dropped: they are stored, pending in the spool, or rejected by the
 * database and kept in the rejected file. Camera status changes likewise wait in their spool
 * ({@code statusPending}); they are dropped only when the spool file cannot be written and their
 * memory buffer overflows.
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
    long statusRejected,
    long statusPending,
    long ignoredInputs) {}
