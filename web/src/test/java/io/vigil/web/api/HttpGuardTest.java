package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vigil.web.Metrics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard on a bare server with short limits: the connection limit, the header deadline, keep-alive. */
class HttpGuardTest {
  private static final HttpLimits LIMITS = new HttpLimits(Duration.ofMillis(800), Duration.ofSeconds(30), 3);
  private static final long STREAM_TICK_MS = 200;
  private Vertx vertx;
  private HttpGuard guard;
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // A stream longer than the header deadline, like the live event stream, which sets its own end handler.
    router.get("/stream").handler(ctx -> {
      var resp = ctx.response().setChunked(true);
      resp.endHandler(v -> { });
      long timer = vertx.setPeriodic(STREAM_TICK_MS, t -> resp.write("tick\n"));
      vertx.setTimer(LIMITS.headerTimeout().toMillis() * 3, t -> {
        vertx.cancelTimer(timer);
        resp.end("done\n");
      });
    });
    router.route().handler(ctx -> ctx.response().end("ok"));
    guard = new HttpGuard(vertx, LIMITS);
    guard.registerMetrics(new Metrics());
    HttpServer server = guard.guard(vertx.createHttpServer(guard.serverOptions()), router)
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void connectionsOverTheLimitAreClosedAtOnce() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < LIMITS.maxConnections(); i++) {
        held.add(new Socket("127.0.0.1", port));
      }
      awaitOpen(LIMITS.maxConnections());
      try (Socket extra = new Socket("127.0.0.1", port)) {
        extra.setSoTimeout(5000);
        long t0 = System.nanoTime();
        assertEquals(-1, extra.getInputStream().read(), "the connection over the limit is closed");
        assertTrue(System.nanoTime() - t0 < LIMITS.headerTimeout().toNanos(), "closed before its header deadline");
      }
    } finally {
      for (Socket s : held) s.close();
    }
  }

  @Test
  void aKeptAliveConnectionServesRequestsAndIsClosedWhenItStopsSendingHeaders() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readResponse(in);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        // Shorter than the deadline each time: only the time without headers counts, not the connection's age.
        Thread.sleep(LIMITS.headerTimeout().toMillis() / 2);
      }
      // Now a request that never ends its headers.
      out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      assertEquals(-1, in.read(), "closed while its headers are incomplete");
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(waited < LIMITS.headerTimeout().toMillis() + 1000, "closed after " + waited + " ms");
    }
    assertEquals(1, guard.headerTimeouts());
  }

  @Test
  void aStreamLongerThanTheHeaderDeadlineIsNotCutOff() throws Exception {
    for (boolean reused : new boolean[] {false, true}) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5000);
        if (reused) {
          s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"));
        }
        s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder body = new StringBuilder();
        InputStream in = s.getInputStream();
        while (body.indexOf("done") < 0) {
          int b = in.read();
          if (b < 0) throw new AssertionError("stream cut off (" + (reused ? "reused" : "fresh") + " connection): " + body);
          body.append((char) b);
        }
      }
    }
  }

  /** The JDK's client, as the tests and scripts use it: it asks for cleartext HTTP/2 first, and is told no. */
  @Test
  void aStreamThroughTheJdkClientIsNotCutOff() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI base = java.net.URI.create("http://127.0.0.1:" + port);
    for (int i = 0; i < 2; i++) {
      assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    }
    var r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/stream")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, r.version());
    assertTrue(r.body().anyMatch("done"::equals), "the stream ended normally");
  }

  @Test
  void pipelinedRequestsAreAllAnswered() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      String one = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      s.getOutputStream().write((one + one + one).getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 3; i++) {
        String response = readResponse(s.getInputStream());
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
      }
      long t0 = System.nanoTime();
      assertEquals(-1, s.getInputStream().read(), "closed once idle past the header deadline");
      assertTrue(System.nanoTime() - t0 < LIMITS.headerTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1));
    }
  }

  @Test
  void connectionLimitKeepsHeadroom() {
    assertEquals(HttpLimits.MIN_CONNECTIONS, HttpLimits.connectionsFor(1024));
    assertEquals(HttpLimits.MIN_CONNECTIONS, HttpLimits.connectionsFor(256));
    assertEquals(488, HttpLimits.connectionsFor(2000));
    assertEquals(HttpLimits.MAX_CONNECTIONS, HttpLimits.connectionsFor(1 << 20));
  }

  /** The status line and headers of a response with a Content-Length body, which is read too. */
  private static String readResponse(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new AssertionError("closed mid-response: " + head);
      head.append((char) b);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    if (m.find()) in.readNBytes(Integer.parseInt(m.group(1)));
    return head.toString();
  }

  private void awaitOpen(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (guard.openConnections() < n) {
      if (System.nanoTime() > deadline) throw new AssertionError("open: " + guard.openConnections());
      Thread.sleep(20);
    }
  }
}
