package io.vigil.store;

import java.util.Locale;

/** Where an alert is in its life. The order matters: an alert only ever moves forward. */
public enum AlertState {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  /** The value stored in the database and used in the API. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AlertState ofCode(String code) {
    for (AlertState s : values()) {
      if (s.code().equals(code)) return s;
    }
    throw new IllegalArgumentException("unknown alert state '" + code + "', expected open, acknowledged or resolved");
  }
}
