package io.vigil.bench;

/**
 * The two pipelines the benchmark compares on the same cameras, with the same detector model,
 * tracker, zones, rules and storage.
 */
public enum BenchMode {
  /**
   * Vigil as it runs: keyframes only where they give the analytic rate, the motion gate, detector
   * passes over what moved that the tracks do not explain, the tracker's prediction in between.
   */
  VIGIL("vigil"),
  /**
   * What decode-everything platforms do: every frame decoded and converted to BGR, sampled at the
   * analytic rate, and a whole-frame detector pass on every sampled frame
   * ({@link io.vigil.analytics.DetectionSchedule#EVERY_FRAME}).
   */
  DECODE_ALL("decode-all");

  private final String key;

  BenchMode(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static BenchMode parse(String key) {
    for (BenchMode m : values()) {
      if (m.key.equals(key)) return m;
    }
    throw new IllegalArgumentException("unknown mode '" + key + "' (expected vigil or decode-all)");
  }
}
