package io.vigil.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * A camera added at run time (through the API), kept so that it is back after a restart.
 *
 * @param config the camera's configuration as a JSON object, without its password
 * @param password the password handed in through the API, or null; it is stored so the camera can
 *     reconnect after a restart, and must never be returned to clients or logged
 */
public record RegisteredCamera(String id, String config, String password, Instant registeredAt) {
  public RegisteredCamera {
    Ids.require(id, "id");
    Objects.requireNonNull(config, "config");
    try {
      new JsonObject(config);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("config must be a JSON object: " + e.getMessage());
    }
    Objects.requireNonNull(registeredAt, "registeredAt");
  }

  @Override
  public String toString() {
    return "RegisteredCamera[id=" + id + ", config=" + config + ", password=" + (password == null ? "none" : "***")
        + ", registeredAt=" + registeredAt + "]";
  }
}
