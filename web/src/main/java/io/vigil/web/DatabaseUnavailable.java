package io.vigil.web;

import io.vigil.store.SqlFailures;
import java.sql.SQLException;

/**
 * The API's answer when the database is away: 503 with a stable code, which the UI translates and a
 * client retries after the Retry-After header's seconds.
 */
public final class DatabaseUnavailable {
  public static final String CODE = "database_unavailable";
  /** About how long the embedded server takes to be restarted by its supervisor. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private DatabaseUnavailable() {}

  public static ApiError error(String message) {
    return new ApiError(503, CODE, message);
  }

  public static ApiError error() {
    return error("the database is unavailable for the moment; try again shortly");
  }

  /** Whether {@code failure} or a cause of it is the database being away or overloaded, not a refused statement. */
  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApiError e) return CODE.equals(e.code());
      if (t instanceof SQLException e && SqlFailures.isTransient(e)) return true;
    }
    return false;
  }
}
