package io.vigil.alerts;

import io.vertx.core.Future;
import io.vigil.store.Alert;
import io.vigil.store.AlertQuery;
import io.vigil.store.StorageQueries;
import io.vigil.web.AlertFilter;
import io.vigil.web.AlertInfo;
import io.vigil.web.AlertService;
import java.util.UUID;

/**
 * The web module's alert service over the store's queries, reporting user actions to the engine as the
 * platform does.
 */
final class StoreAlerts implements AlertService {
  private final StorageQueries queries;
  private final AlertEngine engine;

  StoreAlerts(StorageQueries queries, AlertEngine engine) {
    this.queries = queries;
    this.engine = engine;
  }

  static AlertInfo info(Alert a) {
    return new AlertInfo(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), a.severity().code(), a.value(),
        a.threshold(), a.state().code(), a.acknowledgedBy(), a.acknowledgedAt(), a.resolvedBy(), a.resolvedAt(),
        a.note(), a.snapshotRef());
  }

  @Override
  public Future<Page> alerts(AlertFilter f) {
    return queries.alerts(AlertQuery.between(f.from(), f.to()).cameras(f.cameraIds()).zone(f.zoneId()).page(f.offset(), f.limit()))
        .map(p -> new Page(p.items().stream().map(StoreAlerts::info).toList(), p.offset(), p.limit(), p.total()));
  }

  @Override
  public Future<AlertInfo> alert(UUID id) {
    return queries.alert(id).map(StoreAlerts::info);
  }

  @Override
  public Future<AlertInfo> acknowledge(UUID id, String by, String note) {
    return queries.acknowledge(id, by, note).onSuccess(engine::onUserAction).map(StoreAlerts::info);
  }

  @Override
  public Future<AlertInfo> resolve(UUID id, String by, String note) {
    return queries.resolve(id, by, note).onSuccess(engine::onUserAction).map(StoreAlerts::info);
  }
}
