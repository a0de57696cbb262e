package io.vigil.web;

import io.vertx.core.Future;
import io.vigil.store.DeadLetter;
import java.util.List;
import java.util.UUID;

/**
 * Alert reads and user actions. Bound by the platform to the store's queries; calls complete on the
 * caller's context and never block it.
 *
 * <p>An interface because the web tests' {@code FixtureServices} fakes it; {@code io.vigil.platform.StoreServices} is the real one.
 */
public interface AlertService {

  record Page(List<AlertInfo> items, int offset, int limit, long total) {
    public Page {
      items = List.copyOf(items);
    }
  }

  Future<Page> alerts(AlertFilter filter);

  /** Fails with {@link java.util.NoSuchElementException} when there is no such alert. */
  Future<AlertInfo> alert(UUID id);

  /** An alert already acknowledged or resolved comes back unchanged. */
  Future<AlertInfo> acknowledge(UUID id, String by, String note);

  /** An alert already resolved comes back unchanged. */
  Future<AlertInfo> resolve(UUID id, String by, String note);

  /** Webhook deliveries that failed every attempt, newest first; for administrators. */
  Future<List<DeadLetter>> deadLetters(int limit);
}
