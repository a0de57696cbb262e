package io.vigil.web.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vigil.web.Metrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds every HTTP connection to the {@link HttpLimits}: a connection over the limit is closed at once,
 * one that has not delivered a request's headers within the header timeout (from its opening, or from
 * the end of its previous response) is closed, and garbage (bad request lines, HTTP/2 prefaces, binary
 * noise, resets) is answered or dropped by Vert.x and only counted here: it is no fault of Vigil's, so it
 * leaves no stack trace in the log.
 *
 * <p>Owned by the web verticle's event loop: the server and the router of its single instance call
 * every handler here on it, so the connections' states need no lock. The counters are atomic because metrics
 * scrapes read them from other threads.
 */
final class HttpGuard {
  private static final System.Logger LOG = System.getLogger(HttpGuard.class.getName());

  private final Vertx vertx;
  private final HttpLimits limits;
  private static final long NO_DEADLINE = -1;

  /** One open connection: its requests being answered, and the timer that closes it while there are none. */
  private static final class State {
    int active;
    long deadline = NO_DEADLINE;
  }

  private final Map<HttpConnection, State> connections = new HashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong headerTimeouts = new AtomicLong();
  private final AtomicLong garbage = new AtomicLong();

  HttpGuard(Vertx vertx, HttpLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /**
   * Idle timeout and no cleartext HTTP/2: the viewer, the event stream and the WebSockets are HTTP/1.1,
   * so an HTTP/2 preface is only noise, refused by the HTTP/1.1 parser with a 400.
   */
  HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setIdleTimeout((int) limits.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  /** {@code server} with the guard's handlers, dispatching admitted requests to {@code router}. */
  HttpServer guard(HttpServer server, Router router) {
    // First on every route: restarts the header deadline once the response has ended.
    router.route().order(Integer.MIN_VALUE).handler(this::afterResponse);
    return server.connectionHandler(this::connected)
        .invalidRequestHandler(this::invalid)
        .exceptionHandler(this::noise)
        .requestHandler(req -> {
          State st = connections.get(req.connection());
          if (st != null) {
            st.active++;
            cancelDeadline(st);
          }
          router.handle(req);
        });
  }

  void registerMetrics(Metrics metrics) {
    metrics.gauge("vigil_web_http_connections", "Open HTTP connections (WebSockets and event streams included)",
        () -> List.of(new Metrics.Sample(Map.of(), open.get())));
    metrics.counter("vigil_web_http_refused_total", "Connections closed at once because the connection limit was reached",
        () -> List.of(new Metrics.Sample(Map.of(), refused.get())));
    metrics.counter("vigil_web_http_header_timeouts_total", "Connections closed for not sending a request's headers in time",
        () -> List.of(new Metrics.Sample(Map.of(), headerTimeouts.get())));
    metrics.counter("vigil_web_http_garbage_total", "Malformed requests and connection errors caused by clients",
        () -> List.of(new Metrics.Sample(Map.of(), garbage.get())));
  }

  int openConnections() {
    return open.get();
  }

  long headerTimeouts() {
    return headerTimeouts.get();
  }

  long garbage() {
    return garbage.get();
  }

  private void connected(HttpConnection conn) {
    if (open.get() >= limits.maxConnections()) {
      refused.incrementAndGet();
      conn.close();
      return;
    }
    open.incrementAndGet();
    State st = new State();
    connections.put(conn, st);
    conn.closeHandler(v -> {
      open.decrementAndGet();
      cancelDeadline(st);
      connections.remove(conn);
    });
    conn.exceptionHandler(this::noise);
    awaitHeaders(conn, st);
  }

  private void afterResponse(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpConnection conn = req.connection();
    State st = connections.get(conn);
    // An upgraded connection is a WebSocket from then on (it stays active): its own heartbeat and the
    // idle timeout govern it.
    if (st != null && !req.canUpgradeToWebSocket()) {
      ctx.addEndHandler(ar -> {
        st.active--;
        // A pipelined request may already be under way; the deadline waits for the last one.
        if (ar.succeeded() && st.active == 0) awaitHeaders(conn, st);
      });
    }
    ctx.next();
  }

  private void awaitHeaders(HttpConnection conn, State st) {
    if (connections.get(conn) != st) return; // closed meanwhile
    cancelDeadline(st);
    st.deadline = vertx.setTimer(limits.headerTimeout().toMillis(), id -> {
      if (st.deadline == id && st.active == 0) {
        st.deadline = NO_DEADLINE;
        headerTimeouts.incrementAndGet();
        conn.close();
      }
    });
  }

  private void cancelDeadline(State st) {
    if (st.deadline != NO_DEADLINE) vertx.cancelTimer(st.deadline);
    st.deadline = NO_DEADLINE;
  }

  private void invalid(HttpServerRequest req) {
    garbage.incrementAndGet();
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(req);
  }

  /** A client's fault (reset, malformed frame, TLS on a plain port): counted, logged without a trace at debug. */
  private void noise(Throwable t) {
    garbage.incrementAndGet();
    LOG.log(System.Logger.Level.DEBUG, () -> "HTTP connection error: " + t);
  }
}
