package io.vigil.platform;

import io.vertx.core.Future;
import io.vigil.alerts.AlertEngine;
import io.vigil.store.DeadLetter;
import io.vigil.store.Alert;
import io.vigil.store.AlertQuery;
import io.vigil.store.AlertState;
import io.vigil.store.OccupancyQuery;
import io.vigil.store.Page;
import io.vigil.store.StorageQueries;
import io.vigil.web.AlertFilter;
import io.vigil.web.AlertInfo;
import io.vigil.web.AlertService;
import io.vigil.web.OccupancyService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The web module's alert and occupancy reads, answered by the store; users' actions on alerts also go
 * to the incident engine, which stops escalating them, and which keeps the dead letters.
 */
public final class StoreServices implements AlertService, OccupancyService {
  private final StorageQueries queries;
  private final AlertEngine engine;
  private final Consumer<Alert> userActions;

  /** Users' actions go to this node's engine. */
  public StoreServices(StorageQueries queries, AlertEngine engine) {
    this(queries, engine, engine::onUserAction);
  }

  /**
   * @param userActions where an alert goes once a user acknowledged or resolved it: in a cluster, to the
   *                    engine of the camera's owner
   */
  public StoreServices(StorageQueries queries, AlertEngine engine, Consumer<Alert> userActions) {
    this.queries = queries;
    this.engine = engine;
    this.userActions = userActions;
  }

  /**
   * The API's view of a stored alert, and of one the engine shows as it changes.
   *
   * @param noDataSince the engine's {@link AlertEngine#noDataSince(Alert)}
   */
  public static AlertInfo info(Alert a, Instant noDataSince) {
    return new AlertInfo(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), a.severity().code(), a.value(),
        a.threshold(), a.state().code(), a.acknowledgedBy(), a.acknowledgedAt(), a.resolvedBy(), a.resolvedAt(),
        a.note(), a.snapshotRef(), noDataSince);
  }

  private AlertInfo info(Alert a) {
    return info(a, engine.noDataSince(a));
  }

  @Override
  public Future<Page> alerts(AlertFilter f) {
    AlertQuery q = AlertQuery.between(f.from(), f.to()).cameras(f.cameraIds()).zone(f.zoneId())
        .state(f.state() == null ? null : AlertState.ofCode(f.state())).page(f.offset(), f.limit());
    return queries.alerts(q).map(p -> new Page(p.items().stream().map(this::info).toList(),
        p.offset(), p.limit(), p.total()));
  }

  @Override
  public Future<AlertInfo> alert(UUID id) {
    return queries.alert(id).map(this::info);
  }

  @Override
  public Future<AlertInfo> acknowledge(UUID id, String by, String note) {
    return queries.acknowledge(id, by, note).onSuccess(userActions::accept).map(this::info);
  }

  @Override
  public Future<AlertInfo> resolve(UUID id, String by, String note) {
    return queries.resolve(id, by, note).onSuccess(userActions::accept).map(this::info);
  }

  @Override
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return engine.deadLetters(limit);
  }

  @Override
  public Future<List<Bucket>> occupancy(String cameraId, String zoneId, Instant from, Instant to, Duration bucket) {
    return queries.occupancy(new OccupancyQuery(cameraId, zoneId, from, to, bucket))
        .map(points -> points.stream()
            .map(p -> new Bucket(p.bucket(), p.zoneId(), p.maxPeople(), p.meanPeople()))
            .toList());
  }
}
