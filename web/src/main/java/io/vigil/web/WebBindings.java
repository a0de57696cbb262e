package io.vigil.web;

import io.vigil.store.DatabaseHealth;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What the web module needs from the rest of the platform. {@code dataSource} holds the web module's
 * own tables (users, sessions, API tokens, audit log: migrations V100 and up), migrated by the store.
 * {@code database} says whether that database answers now, without asking it.
 */
public record WebBindings(
    DataSource dataSource,
    CameraDirectory cameras,
    CameraRegistrar registrar,
    AlertService alerts,
    OccupancyService occupancy,
    FrameSource frames,
    SnapshotStore snapshots,
    LiveFeed live,
    Metrics metrics,
    Supplier<DatabaseHealth> database) {

  public WebBindings {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(cameras, "cameras");
    Objects.requireNonNull(registrar, "registrar");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(occupancy, "occupancy");
    Objects.requireNonNull(frames, "frames");
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(database, "database");
  }
}
