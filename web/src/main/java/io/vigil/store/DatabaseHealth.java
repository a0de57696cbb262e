package io.vigil.store;

import java.time.Instant;

/**
 * Whether the database answers, as {@link DatabaseSupervisor} last saw it.
 *
 * @param since    when it entered this state
 * @param restarts how often the embedded server has been restarted since Vigil started
 * @param reason   why it is not up, for people (no secrets), or null when up
 */
public record DatabaseHealth(State state, Instant since, int restarts, String reason) {

  public enum State {
    /** Answers queries. */
    UP,
    /** Does not answer; an embedded server is being restarted, an external one is waited for. */
    DOWN,
    /** The embedded server could not be restarted; Vigil needs a person. */
    FAILED
  }

  public boolean up() {
    return state == State.UP;
  }
}
