package io.vigil.alerts;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vigil.config.AlertSettings;
import io.vigil.ingest.ConnectionGuard;
import io.vigil.store.DeadLetters;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed webhook POSTs with retries. Each delivery runs on its own timers and callbacks, so a slow or
 * failing receiver only ever delays itself. Receivers should de-duplicate by {@code X-Vigil-Delivery}:
 * a response lost after the receiver took the request makes the same delivery arrive again.
 */
final class WebhookDelivery {
  private static final System.Logger LOG = System.getLogger(WebhookDelivery.class.getName());
  static final String SIGNATURE = "X-Vigil-Signature";
  static final String DELIVERY = "X-Vigil-Delivery";
  static final String EVENT = "X-Vigil-Event";

  private final Vertx vertx;
  private final WebClient client;
  private final AlertSettings.Retry retry;
  private final DeadLetters deadLetters;

  WebhookDelivery(Vertx vertx, AlertSettings.Retry retry, DeadLetters deadLetters) {
    this.vertx = vertx;
    this.retry = retry;
    this.deadLetters = deadLetters;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Vigil-Alerts")
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, retry.timeout().toMillis()))
        .setFollowRedirects(false));
  }

  void send(String site, AlertSettings.Webhook target, String event, UUID alertId, JsonObject payload) {
    Buffer body = payload.toBuffer();
    String signature = "sha256=" + hmac(target.secret(), body.getBytes());
    attempt(new Delivery(site, target, event, alertId, UUID.randomUUID().toString(), body, signature), 1);
  }

  private record Delivery(String site, AlertSettings.Webhook target, String event, UUID alertId, String id,
      Buffer body, String signature) {}

  private void attempt(Delivery d, int n) {
    try {
      ConnectionGuard.destination("webhook of site " + d.site, d.target.url().getHost(), null);
    } catch (ConnectException e) {
      deadLetter(d, n, e.getMessage());
      return;
    }
    client.postAbs(d.target.url().toString())
        .timeout(retry.timeout().toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(SIGNATURE, d.signature)
        .putHeader(DELIVERY, d.id)
        .putHeader(EVENT, d.event)
        .sendBuffer(d.body)
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : 0;
          if (status >= 200 && status < 300) return;
          String error = ar.succeeded() ? "HTTP " + status : cause(d, ar.cause());
          // Other client errors will not go away by asking again; timeouts and throttling may.
          boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
          if (permanent || n >= retry.attempts()) {
            deadLetter(d, n, error);
          } else {
            long delay = delayMillis(retry, n);
            LOG.log(Level.DEBUG, () -> "Webhook " + d.target.safeUrl() + " attempt " + n + " failed ("
                + error + "), retrying in " + delay + " ms");
            vertx.setTimer(delay, t -> attempt(d, n + 1));
          }
        });
  }

  private static String cause(Delivery d, Throwable e) {
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    String query = d.target.url().getRawQuery();
    // Vert.x names the request path in timeout messages; the query may hold a token.
    return query == null ? text : text.replace(query, "***");
  }

  /** Exponential with jitter: half the step fixed, half random, so receivers coming back are not stampeded. */
  static long delayMillis(AlertSettings.Retry retry, int failedAttempt) {
    long first = retry.firstDelay().toMillis();
    long cap = retry.maxDelay().toMillis();
    long step = failedAttempt >= 62 ? cap : Math.min(cap, first << Math.min(failedAttempt - 1, 40));
    long half = Math.max(1, step / 2);
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  private void deadLetter(Delivery d, int attempts, String error) {
    LOG.log(Level.WARNING, "Webhook " + d.target.safeUrl() + " gave up on " + d.event + " of alert "
        + d.alertId + " after " + attempts + " attempts: " + error);
    deadLetters.add(d.site, d.target.safeUrl(), d.alertId, d.event, attempts, error,
            d.body.toString(StandardCharsets.UTF_8))
        .onFailure(e -> LOG.log(Level.ERROR, "Could not store the dead letter of alert " + d.alertId, e));
  }

  static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  void close() {
    client.close();
  }
}
