package io.vigil.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing answers, for tests that need a camera that cannot be reached: a TCP
 * socket bound but never listening holds the port for the life of the JVM (nobody else can take it),
 * and the kernel refuses every connection to it at once. Tests never use addresses outside loopback
 * for this (issue #14).
 */
public final class TestClosedPort {
  private static final Socket HELD = bind();

  private TestClosedPort() {}

  public static int port() {
    return HELD.getLocalPort();
  }

  /** {@code rtsp://127.0.0.1:<closed port>/<path>}. */
  public static String rtsp(String path) {
    return "rtsp://127.0.0.1:" + port() + "/" + path;
  }

  private static Socket bind() {
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
  }
}
