package io.vigil.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real RTSP server. {@link #stall()} freezes the connections open at that
 * moment (sockets stay open, nothing more is forwarded either way), as a camera whose encoder hangs
 * mid-stream; connections made afterwards are forwarded normally. It counts the connections it
 * accepted, so a test can prove that nothing connected (a disabled camera).
 */
public final class TestStallingProxy implements AutoCloseable {
  private final AtomicInteger accepted = new AtomicInteger();
  private final ServerSocket server;
  private final int targetPort;
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private static final class Pipe {
    volatile boolean frozen;
  }

  public TestStallingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "stalling-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        Pipe pipe = new Pipe();
        pipes.add(pipe);
        pump(client.getInputStream(), upstream.getOutputStream(), pipe);
        pump(upstream.getInputStream(), client.getOutputStream(), pipe);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Pipe pipe) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try {
        int n;
        while (!pipe.frozen && (n = in.read(buf)) >= 0) {
          if (pipe.frozen) break;
          out.write(buf, 0, n);
        }
      } catch (IOException ignored) {
        // either side closed
      }
    }, "stalling-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Freezes every connection open now. */
  public void stall() {
    pipes.forEach(p -> p.frozen = true);
  }

  /** Connections accepted so far. */
  public int connections() {
    return accepted.get();
  }

  public URI uri(String path) {
    return URI.create("rtsp://127.0.0.1:" + server.getLocalPort() + "/" + path);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) s.close();
  }
}
