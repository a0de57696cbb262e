package io.vigil.store;

import java.util.Locale;

public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity ofCode(String code) {
    for (Severity s : values()) {
      if (s.code().equals(code)) return s;
    }
    throw new IllegalArgumentException("unknown severity '" + code + "', expected info, warning or critical");
  }
}
