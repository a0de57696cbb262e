package io.vigil.alerts;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server standing in for a site's webhook receiver. Each path answers by its behaviour:
 * the status for the n-th request (0-based), or 0 to never answer.
 */
final class WebhookReceiver implements AutoCloseable {
  record Request(String path, String event, String delivery, String signature, String body, long nanos, int status) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, IntUnaryOperator> behaviour = new ConcurrentHashMap<>();
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final HttpServer server;

  WebhookReceiver(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      long nanos = System.nanoTime();
      String path = req.path();
      int n = counts.merge(path, 1, Integer::sum) - 1;
      int status = behaviour.getOrDefault(path, i -> 200).applyAsInt(n);
      requests.add(new Request(path, req.getHeader("X-Vigil-Event"), req.getHeader("X-Vigil-Delivery"),
          req.getHeader("X-Vigil-Signature"), body.toString(), nanos, status));
      if (status != 0) req.response().setStatusCode(status).end();
    }));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  void on(String path, IntUnaryOperator statusOfRequest) {
    behaviour.put(path, statusOfRequest);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Request> at(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
