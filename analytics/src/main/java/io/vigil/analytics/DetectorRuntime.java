package io.vigil.analytics;

import java.util.Locale;

/** What runs the YOLOX model's forward pass; pre- and post-processing are the same for both. */
public enum DetectorRuntime {
  /**
   * ONNX Runtime, CPU execution provider: one session shared by the analytics pool. Measured
   * 2026-12-03 on the 2-core machine, one 416x416 pass on one thread: 19.4 ms against OpenCV DNN's
   * 56.4 ms, so it is the default.
   */
  ONNXRUNTIME("onnxruntime"),
  /** OpenCV's DNN module: one network per analysing thread. */
  OPENCV("opencv");

  private final String key;

  DetectorRuntime(String key) {
    this.key = key;
  }

  /** The name used in {@code cameras.yml} and on the command line. */
  public String key() {
    return key;
  }

  /** @throws IllegalArgumentException naming the accepted values */
  public static DetectorRuntime parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    for (DetectorRuntime r : values()) {
      if (r.key.equals(t)) {
        return r;
      }
    }
    throw new IllegalArgumentException("must be onnxruntime or opencv, got '" + text + "'");
  }
}
