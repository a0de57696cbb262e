package io.vigil.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** TCP servers on 127.0.0.1 that misbehave the way broken cameras do. */
public final class TestFaultyServer implements AutoCloseable {

  private interface Behaviour {
    void serve(Socket s) throws IOException;
  }

  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private final AtomicInteger accepted = new AtomicInteger();

  private TestFaultyServer(String name, Behaviour behaviour) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          accepted.incrementAndGet();
          open.add(s);
          Thread t = new Thread(() -> {
            try (s) {
              behaviour.serve(s);
            } catch (IOException ignored) {
              // the client went away
            }
          }, name + "-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Accepts connections and never sends a byte: a camera hung in its RTSP stack. */
  public static TestFaultyServer silent() throws IOException {
    return new TestFaultyServer("silent-server", s -> {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // swallow the request, answer nothing
      }
    });
  }

  /** Answers every request with random bytes, then hangs up: not RTSP at all. */
  public static TestFaultyServer garbage() throws IOException {
    return new TestFaultyServer("garbage-server", s -> {
      Random random = new Random(42);
      byte[] junk = new byte[2048];
      s.getInputStream().read(new byte[4096]);
      OutputStream out = s.getOutputStream();
      out.write("\u0000\u00ffJUNK 999 ??\r\n".getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 8; i++) {
        random.nextBytes(junk);
        out.write(junk);
      }
      out.flush();
      s.close();
    });
  }

  public int accepted() {
    return accepted.get();
  }

  public URI uri(String path) {
    return URI.create("rtsp://127.0.0.1:" + server.getLocalPort() + "/" + path);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) s.close();
  }
}
