package io.vigil.alerts;

import io.vigil.store.Alert;
import io.vigil.store.AlertChange;

/**
 * Where the engine shows each change of an alert the moment it happens: the platform hands them to
 * the live viewers. Called on the engine's context, so an implementation must not block.
 *
 * <p>An interface because it is the engine's port out: {@code alerts} may not depend on the web
 * (ArchitectureTest), so the platform adapts it to the live feed, and tests pass lambdas.
 */
@FunctionalInterface
public interface AlertSink {

  /**
   * An alert raised, updated, escalated or closed by the engine, or moved on by a user.
   *
   * @param change what just happened to it
   * @param alert the alert as of this change: its severity and value are the incident's now (the
   *              highest severity reached and the peak so far), not those it was opened with
   */
  void changed(AlertChange change, Alert alert);
}
