package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A hostile client against the real web module with its production limits: slowloris connections are
 * closed within the header timeout while signed-in users keep being answered quickly, and garbage
 * (binary noise, an HTTP/2 preface, a TLS hello, an oversized request line) is refused without a stack
 * trace in the log.
 */
class HttpHardeningIT {
  private static final int SLOWLORIS = 50;
  /** Time for the server's timer and the socket's close to reach the client, on a loaded machine. */
  private static final long CLOSE_SLACK_MS = 2000;
  private static final long P95_LIMIT_MS = 100;
  private static WebHarness h;
  private static final List<String> traces = Collections.synchronizedList(new ArrayList<>());
  private static AppenderBase<ILoggingEvent> appender;

  @BeforeAll
  static void start() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        if (e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(Level.ERROR)) {
          traces.add(e.getLoggerName() + " " + e.getFormattedMessage()
              + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName()));
        }
      }
    };
    appender.setContext(ctx);
    appender.start();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    h = new WebHarness(true);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) h.close();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
  }

  @Test
  void slowlorisIsClosedWhileSignedInUsersAreServed() throws Exception {
    WebHarness.Session admin = h.login("admin1");
    for (int i = 0; i < 20; i++) h.send("GET", "/api/v1/cameras", admin, null); // warm up
    long timeoutMs = HttpLimits.HEADER_TIMEOUT.toMillis();

    List<Socket> sockets = new ArrayList<>();
    ConcurrentLinkedQueue<Long> lifetimes = new ConcurrentLinkedQueue<>();
    CountDownLatch closed = new CountDownLatch(SLOWLORIS);
    for (int i = 0; i < SLOWLORIS; i++) {
      Socket s = new Socket("127.0.0.1", h.web.actualPort());
      sockets.add(s);
      long opened = System.nanoTime();
      s.getOutputStream().write("GET /api/v1/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread reader = new Thread(() -> {
        try (InputStream in = s.getInputStream()) {
          while (in.read() >= 0) {
            // a slowloris never gets an answer; anything read is ignored until the close
          }
        } catch (IOException reset) {
          // closed by the server as a reset: closed all the same
        }
        lifetimes.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened));
        closed.countDown();
      }, "slowloris-" + i);
      reader.setDaemon(true);
      reader.start();
    }
    // One header line a second on every connection: never idle, never complete.
    Thread trickle = new Thread(() -> {
      for (int n = 0; closed.getCount() > 0; n++) {
        for (Socket s : sockets) {
          try {
            OutputStream out = s.getOutputStream();
            out.write(("X-Slow-" + n + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
          } catch (IOException gone) {
            // closed by the server
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "slowloris-trickle");
    trickle.setDaemon(true);
    trickle.start();

    List<Long> latencies = new ArrayList<>();
    while (closed.getCount() > 0 && latencies.size() < 5000) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = h.send("GET", "/api/v1/cameras", admin, null);
      latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      assertEquals(200, r.statusCode(), r.body());
      Thread.sleep(20);
    }
    assertTrue(closed.await(timeoutMs + CLOSE_SLACK_MS, TimeUnit.MILLISECONDS),
        (SLOWLORIS - closed.getCount()) + " of " + SLOWLORIS + " slowloris connections closed");
    trickle.interrupt();
    for (Socket s : sockets) s.close();
    long longest = lifetimes.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(longest <= timeoutMs + CLOSE_SLACK_MS, "a slowloris connection lived " + longest + " ms");
    assertTrue(h.web.guard().headerTimeouts() >= SLOWLORIS, "closed for their headers: " + h.web.guard().headerTimeouts());

    Collections.sort(latencies);
    long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
    assertTrue(latencies.size() >= 50, "signed-in requests during the attack: " + latencies.size());
    assertTrue(p95 < P95_LIMIT_MS, "p95 of signed-in requests was " + p95 + " ms over " + latencies.size());
    System.out.printf("slowloris: %d connections closed after at most %d ms; %d signed-in requests, p95 %d ms%n",
        SLOWLORIS, longest, latencies.size(), p95);
  }

  @Test
  void garbageIsRefusedQuietly() throws Exception {
    long before = h.web.guard().garbage();
    List<byte[]> noise = List.of(
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
        new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0, 0, 0, 0},
        binary(4096),
        ("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
        "GET / HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        "\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] bytes : noise) {
      try (Socket s = new Socket("127.0.0.1", h.web.actualPort())) {
        s.setSoTimeout((int) (HttpLimits.HEADER_TIMEOUT.toMillis() + CLOSE_SLACK_MS));
        try {
          s.getOutputStream().write(bytes);
          s.getOutputStream().flush();
          s.shutdownOutput();
          s.getInputStream().readAllBytes();
        } catch (IOException reset) {
          // the server may reset a connection it refused mid-write
        }
      }
    }
    // A client that resets its connection mid-request.
    try (Socket s = new Socket("127.0.0.1", h.web.actualPort())) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost:".getBytes(StandardCharsets.US_ASCII));
      s.setSoLinger(true, 0);
    }
    WebHarness.Session admin = h.login("admin1");
    assertEquals(200, h.send("GET", "/api/v1/cameras", admin, null).statusCode(), "the server still answers");
    assertTrue(h.web.guard().garbage() > before, "garbage was counted");
    assertEquals(List.of(), List.copyOf(traces), "no errors or stack traces were logged");
    String metrics = h.send("GET", "/metrics", admin, null).body();
    assertTrue(metrics.contains("vigil_web_http_garbage_total"), metrics);
    assertTrue(metrics.contains("vigil_web_http_header_timeouts_total"), metrics);
  }

  private static byte[] binary(int n) {
    byte[] b = new byte[n];
    new java.util.Random(20).nextBytes(b);
    return b;
  }
}
