package io.vigil.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A webhook delivery that failed every attempt.
 *
 * @param url     the receiver, without its query string
 * @param event   {@code opened}, {@code escalated}, {@code acknowledged} or {@code closed}
 * @param payload the JSON body that was sent
 */
public record DeadLetter(long id, Instant failedAt, String site, String url, UUID alertId, String event,
    int attempts, String lastError, String payload) {}
