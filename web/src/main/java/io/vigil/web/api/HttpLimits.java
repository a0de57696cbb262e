package io.vigil.web.api;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How long and how many: what the HTTP server grants one client before it closes the connection.
 *
 * @param headerTimeout  longest a connection may take to deliver a request's headers, counted from the
 *                       connection's opening or the end of the previous response; a client that trickles
 *                       a header a second (slowloris) is closed when it runs out
 * @param idleTimeout    longest a connection may send and receive nothing: four heartbeats of the live
 *                       event stream and the live video WebSocket, which write at least once a heartbeat
 * @param maxConnections open HTTP connections (WebSockets and event streams included) beyond which new
 *                       ones are closed at once
 */
record HttpLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections) {
  /** Generous for a browser or script on the operations centre's network, short for a held connection. */
  static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
  static final Duration IDLE_TIMEOUT = Duration.ofMillis(LiveApi.HEARTBEAT_MS * 4);
  /**
   * Descriptors kept for everything but HTTP: the database pool, the embedded PostgreSQL's client side,
   * log and spool files, the JVM's jars and native libraries, and cameras: each one holds an RTSP
   * connection, a live remux's connection while watched and a snapshot file now and then. A node pulls
   * a few dozen cameras (BENCHMARKS.md); 1024 leaves room for several hundred.
   */
  static final int RESERVED_DESCRIPTORS = 1024;
  /** Far above what an operations centre's screens and scripts open, far below what would starve the event loop. */
  static final int MAX_CONNECTIONS = 2048;
  /** Below this the process's descriptor limit is too small to share; HTTP gets this many anyway. */
  static final int MIN_CONNECTIONS = 64;

  HttpLimits {
    if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
  }

  /** The defaults, with the connection limit fitted to this process's limit on open files. */
  static HttpLimits defaults() {
    return new HttpLimits(HEADER_TIMEOUT, IDLE_TIMEOUT, connectionsFor(openFileLimit()));
  }

  /** Half of what the reserve leaves: the other half is headroom for cameras registered later. */
  static int connectionsFor(long openFileLimit) {
    long spare = (openFileLimit - RESERVED_DESCRIPTORS) / 2;
    return (int) Math.max(MIN_CONNECTIONS, Math.min(MAX_CONNECTIONS, spare));
  }

  /** The process's limit on open descriptors; unknown (not Unix) counts as plenty. */
  private static long openFileLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
      return os.getMaxFileDescriptorCount();
    }
    return Long.MAX_VALUE / 4;
  }
}
