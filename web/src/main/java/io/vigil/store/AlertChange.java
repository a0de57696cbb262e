package io.vigil.store;

import java.util.Locale;

/**
 * What just happened to an alert, as the live inbox, MQTT and webhooks name it ({@code event}).
 */
public enum AlertChange {
  OPENED,
  /** A new peak while it lasts (MQTT and the inbox only). */
  UPDATED,
  ESCALATED,
  ACKNOWLEDGED,
  /** A note was added. */
  NOTED,
  /** Resolved, by a user or by Vigil once the condition cleared. */
  CLOSED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AlertChange ofCode(String code) {
    for (AlertChange c : values()) {
      if (c.code().equals(code)) return c;
    }
    throw new IllegalArgumentException("unknown alert change '" + code + "'");
  }
}
