package io.vigil.web.bench;

/** How the benchmark's cameras are decoded; everything after decoding is the same. */
public enum BenchMode {
  /** Vigil as it runs: keyframes only where they give the analytic rate. */
  VIGIL("vigil"),
  /** Every frame decoded, then sampled at the analytic rate, as decode-everything pipelines do. */
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
