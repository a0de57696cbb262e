package io.vigil.config;

/** What a camera watches; it decides which rules make sense and how the viewer groups cameras. */
public enum CameraType {
  QUARANTINE_SITE("quarantine_site"),
  CHECKPOINT("checkpoint");

  private final String key;

  CameraType(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static CameraType parse(String key) {
    for (CameraType t : values()) {
      if (t.key.equals(key)) return t;
    }
    throw new IllegalArgumentException("unknown camera type '" + key + "' (expected quarantine_site or checkpoint)");
  }
}
