package io.vigil.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Ingest settings shared by all cameras. Every value is checked against bounds.
 *
 * @param streamTimeout    FFmpeg's socket timeout for connect and reads, and the watchdog's stall
 *                         threshold
 * @param retryInitial     first retry delay after a failure (before jitter)
 * @param retryMax         retry delay cap; the default 2 s keeps a returning camera online within
 *                         5 s: a wait of at most 2 s, about 1 s to connect, and up to a keyframe
 *                         interval (1-2 s) before the first analysed frame
 * @param queueCapacity    frames waiting per camera for the analytics before the oldest is dropped
 * @param analyticsThreads threads of the analytics pool shared by all cameras
 * @param statusInterval   how often status is measured and published on the event bus
 * @param rtspTransport    {@code tcp} (default: no loss, passes NAT) or {@code udp}
 * @param addressPolicy    the addresses cameras registered at run time may stream from, checked at
 *                         registration and again before every connection
 * @param decodeEveryFrame decode every frame and convert it to BGR, then sample, even where keyframes
 *                         alone give the analytic rate: what a decode-everything pipeline
 *                         ({@code cap.read()} in a loop) does, for the benchmark's comparison
 *                         (default false)
 */
public record IngestOptions(
    Duration streamTimeout,
    Duration retryInitial,
    Duration retryMax,
    int queueCapacity,
    int analyticsThreads,
    Duration statusInterval,
    String rtspTransport,
    StreamAddressPolicy addressPolicy,
    boolean decodeEveryFrame) {

  public IngestOptions {
    within("streamTimeout", streamTimeout, Duration.ofMillis(500), Duration.ofSeconds(60));
    within("retryInitial", retryInitial, Duration.ofMillis(100), Duration.ofSeconds(60));
    within("retryMax", retryMax, retryInitial, Duration.ofMinutes(5));
    if (queueCapacity < 1 || queueCapacity > 64) throw new IllegalArgumentException("queueCapacity must be within [1, 64]");
    if (analyticsThreads < 1 || analyticsThreads > 256) throw new IllegalArgumentException("analyticsThreads must be within [1, 256]");
    within("statusInterval", statusInterval, Duration.ofMillis(100), Duration.ofSeconds(60));
    if (!"tcp".equals(rtspTransport) && !"udp".equals(rtspTransport)) {
      throw new IllegalArgumentException("rtspTransport must be tcp or udp");
    }
    Objects.requireNonNull(addressPolicy, "addressPolicy");
  }

  /**
   * Frames a camera may have waiting for the analytics. 4 and not 2: at the usual 1 analysed frame
   * per second frames only wait while the shared pool is behind, and it falls behind for a few seconds
   * whenever detector passes of many cameras coincide (40 quiet cameras dropped 1.61% of their frames
   * with 2, a third of the CPU idle). Waiting costs at most 4 s of latency at 1 fps (less at higher
   * rates) and ~11 MB per 720p camera; beyond that a camera is behind for good and dropping the oldest
   * frame is right.
   */
  static final int QUEUE_CAPACITY = 4;

  public static IngestOptions defaults() {
    return new IngestOptions(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(2), QUEUE_CAPACITY,
        Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(1), "tcp", StreamAddressPolicy.defaults(), false);
  }

  public IngestOptions withStreamTimeout(Duration d) {
    return new IngestOptions(d, retryInitial, retryMax, queueCapacity, analyticsThreads, statusInterval,
        rtspTransport, addressPolicy, decodeEveryFrame);
  }

  public IngestOptions withRetry(Duration initial, Duration max) {
    return new IngestOptions(streamTimeout, initial, max, queueCapacity, analyticsThreads, statusInterval,
        rtspTransport, addressPolicy, decodeEveryFrame);
  }

  public IngestOptions withQueueCapacity(int n) {
    return new IngestOptions(streamTimeout, retryInitial, retryMax, n, analyticsThreads, statusInterval,
        rtspTransport, addressPolicy, decodeEveryFrame);
  }

  public IngestOptions withAnalyticsThreads(int n) {
    return new IngestOptions(streamTimeout, retryInitial, retryMax, queueCapacity, n, statusInterval,
        rtspTransport, addressPolicy, decodeEveryFrame);
  }

  public IngestOptions withStatusInterval(Duration d) {
    return new IngestOptions(streamTimeout, retryInitial, retryMax, queueCapacity, analyticsThreads, d,
        rtspTransport, addressPolicy, decodeEveryFrame);
  }

  public IngestOptions withAddressPolicy(StreamAddressPolicy p) {
    return new IngestOptions(streamTimeout, retryInitial, retryMax, queueCapacity, analyticsThreads, statusInterval,
        rtspTransport, p, decodeEveryFrame);
  }

  public IngestOptions withDecodeEveryFrame(boolean on) {
    return new IngestOptions(streamTimeout, retryInitial, retryMax, queueCapacity, analyticsThreads, statusInterval,
        rtspTransport, addressPolicy, on);
  }

  private static void within(String name, Duration d, Duration min, Duration max) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be within [" + min + ", " + max + "]");
    }
  }
}
