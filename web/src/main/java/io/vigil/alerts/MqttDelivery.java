package io.vigil.alerts;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vigil.config.AlertSettings;
import io.vigil.ingest.ConnectionGuard;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection to a broker, kept up with backoff. Runs on the engine's context only. While the
 * broker is away, alerts wait in a bounded queue and only the latest counts per topic are kept.
 */
final class MqttDelivery {
  private static final System.Logger LOG = System.getLogger(MqttDelivery.class.getName());
  private static final int MAX_PENDING = 10_000;
  private static final long MAX_RECONNECT_MILLIS = 30_000;

  private record Message(String topic, Buffer payload, boolean retain) {}

  private final Vertx vertx;
  private final AlertSettings.Mqtt broker;
  private final MqttClient client;
  private final ArrayDeque<Message> pending = new ArrayDeque<>();
  private final Map<String, Message> pendingCounts = new LinkedHashMap<>();
  private boolean connected;
  private boolean closed;
  private long reconnectDelay = 500;
  private long dropped;

  MqttDelivery(Vertx vertx, AlertSettings.Mqtt broker) {
    this.vertx = vertx;
    this.broker = broker;
    MqttClientOptions options = new MqttClientOptions().setClientId(broker.clientId()).setCleanSession(true)
        .setAutoKeepAlive(true).setKeepAliveInterval(30).setMaxInflightQueue(1000);
    if (broker.username() != null) options.setUsername(broker.username());
    if (broker.password() != null) options.setPassword(broker.password());
    this.client = MqttClient.create(vertx, options);
    client.closeHandler(v -> {
      connected = false;
      if (!closed) {
        LOG.log(Level.WARNING, "MQTT broker " + broker.host() + ":" + broker.port() + " disconnected");
        reconnectLater();
      }
    });
  }

  Future<Void> connect() {
    try {
      ConnectionGuard.destination("MQTT broker", broker.host(), null);
    } catch (ConnectException e) {
      // Not retried: the guard refuses the same address every time, and it is already counted.
      return Future.failedFuture(e);
    }
    return client.connect(broker.port(), broker.host()).<Void>map(ack -> {
      connected = true;
      reconnectDelay = 500;
      flush();
      return null;
    }).onFailure(e -> {
      LOG.log(Level.WARNING, "MQTT broker " + broker.host() + ":" + broker.port() + " unreachable: "
          + e.getMessage());
      reconnectLater();
    });
  }

  private void reconnectLater() {
    if (closed) return;
    long delay = reconnectDelay;
    reconnectDelay = Math.min(MAX_RECONNECT_MILLIS, reconnectDelay * 2);
    vertx.setTimer(delay, t -> {
      if (!closed && !connected) connect();
    });
  }

  /** QoS 1: an alert reaches a subscriber at least once. */
  void alert(String topic, Buffer payload) {
    Message m = new Message(topic, payload, false);
    if (connected) {
      publish(m);
    } else {
      if (pending.size() >= MAX_PENDING) {
        pending.removeFirst();
        if (++dropped % 1000 == 1) {
          LOG.log(Level.WARNING, "MQTT broker " + broker.host() + ":" + broker.port()
              + " away: " + dropped + " alert messages dropped (alerts stay stored and in the inbox)");
        }
      }
      pending.addLast(m);
    }
  }

  /** Retained, QoS 0: a new subscriber gets the latest counts at once; an older count is worth nothing. */
  void counts(String topic, Buffer payload) {
    Message m = new Message(topic, payload, true);
    if (connected) {
      publish(m);
    } else {
      pendingCounts.put(topic, m);
    }
  }

  private void publish(Message m) {
    client.publish(m.topic, m.payload, m.retain ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE, false, m.retain)
        .onFailure(e -> LOG.log(Level.WARNING, "MQTT publish to " + m.topic + " failed: " + e.getMessage()));
  }

  private void flush() {
    pendingCounts.values().forEach(this::publish);
    pendingCounts.clear();
    while (connected && !pending.isEmpty()) publish(pending.removeFirst());
  }

  Future<Void> close() {
    closed = true;
    return connected ? client.disconnect() : Future.succeededFuture();
  }
}
