package io.vigil.web;

import io.vertx.core.Future;
import io.vigil.store.Alert;
import io.vigil.store.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Alert reads and user actions. Bound by the platform to the store's queries; calls complete on the
 * caller's context and never block it.
 *
 * <p>An interface because the web tests' {@code FixtureServices} fakes it; {@code io.vigil.platform.StoreServices} is the real one.
 */
public interface AlertService {

  record Page(List<Alert> items, int offset, int limit, long total) {
    public Page {
      items = List.copyOf(items);
    }
  }

  Future<Page> alerts(AlertFilter filter);

  /** Fails with {@link java.util.NoSuchElementException} when there is no such alert. */
  Future<Alert> alert(UUID id);

  /** An alert already acknowledged or resolved keeps its state; the note, if any, is added all the same. */
  Future<Alert> acknowledge(UUID id, String by, String note);

  /** An alert already resolved keeps its resolution; the note, if any, is added all the same. */
  Future<Alert> resolve(UUID id, String by, String note);

  /** Adds a note by {@code by}; fails with {@link java.util.NoSuchElementException} when there is no such alert. */
  Future<Alert> note(UUID id, String by, String text);

  /**
   * For a crowd alert not resolved whose camera sends no frames now, that camera's last frame; null
   * otherwise. The engine's state now, not stored: the API shows it beside the stored alert.
   */
  Instant noDataSince(Alert a);

  /** Webhook deliveries that failed every attempt, newest first; for administrators. */
  Future<List<DeadLetter>> deadLetters(int limit);
}
