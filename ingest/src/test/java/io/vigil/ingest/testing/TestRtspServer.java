package io.vigil.ingest.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server (GStreamer's, through {@code ingest/src/test/python/rtsp_server.py}) on
 * 127.0.0.1, serving MP4 files over TCP without re-encoding. It can be stopped and started again on
 * the same port, as a camera that goes away and comes back. Shared with the web module's tests.
 */
public final class TestRtspServer implements AutoCloseable {
  private static final String PYTHON = System.getProperty("vigil.python", "/usr/bin/python3");
  private static final Path SCRIPT =
      Path.of(System.getProperty("vigil.root", ".."), "ingest", "src", "test", "python", "rtsp_server.py");

  private final int port;
  private final Map<String, String> mounts = new LinkedHashMap<>();
  private String user;
  private String password;
  private Process process;

  public TestRtspServer() {
    this.port = freePort();
  }

  /** Requires RTSP basic authentication with this user and password on every mount. */
  public TestRtspServer auth(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** Serves an H.264 MP4 at {@code /name}. */
  public TestRtspServer h264(String name, Path file) {
    mounts.put(name, "h264:" + file.toAbsolutePath());
    return this;
  }

  /** Serves the H.264 of an MPEG-TS file at {@code /name} (its resolution may change mid-stream). */
  public TestRtspServer h264Ts(String name, Path file) {
    mounts.put(name, "h264ts:" + file.toAbsolutePath());
    return this;
  }

  /** Serves an AAC MP4 (audio only) at {@code /name}. */
  public TestRtspServer aac(String name, Path file) {
    mounts.put(name, "aac:" + file.toAbsolutePath());
    return this;
  }

  public URI uri(String name) {
    return URI.create("rtsp://127.0.0.1:" + port + "/" + name);
  }

  public int port() {
    return port;
  }

  public TestRtspServer start() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), Integer.toString(port)));
    mounts.forEach((name, spec) -> cmd.add(name + "=" + spec));
    // The port was just released by a previous instance or by freePort(): retry briefly if the
    // kernel has not let go of it yet.
    for (int attempt = 0; ; attempt++) {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (user != null) {
        pb.environment().put("VIGIL_RTSP_USER", user);
        pb.environment().put("VIGIL_RTSP_PASSWORD", password);
      }
      Process p = pb.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if ("READY".equals(first)) {
        process = p;
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // GStreamer warnings are not the test's business; reading keeps the pipe from filling.
            }
          } catch (IOException ignored) {
            // the process ended
          }
        }, "rtsp-server-output");
        drain.setDaemon(true);
        drain.start();
        return this;
      }
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      if (attempt == 20) throw new IOException("RTSP test server did not start: " + first);
      Thread.sleep(100);
    }
  }

  /** Stops the server: its port refuses connections until {@link #start()} again. */
  public void stop() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
