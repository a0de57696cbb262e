package io.vigil.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Recorded segments between nodes without shared storage: each node answers at
 * {@code vigil.cluster.segment.<its name>} with the bytes of a segment it recorded, and a node asked for
 * a segment recorded elsewhere fetches it from there. Only a camera id and a start travel in a request;
 * the owner looks the segment up in its own index ({@code owned}), so no path from another node is ever
 * opened. The owner reads on a worker; the event loop only sends and receives. Safe from any thread.
 */
public final class ClusterSegments implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ClusterSegments.class.getName());
  /**
   * The largest segment sent over the event bus: a 10 s segment of a 13 Mbit/s stream (a 4K main
   * stream; a 1080p one at 4 Mbit/s is 5 MB). A larger one answers 413 and needs shared storage; the
   * bound keeps one message from filling the event bus's buffers and the requester's heap.
   */
  public static final int MAX_BYTES = 16 << 20;
  /**
   * A fetch unanswered this long fails (503): 16 MB cross a 100 Mbit/s link in under 2 s, and a
   * busy owner's disk read takes a few more; a dead owner is usually seen at once (no handler).
   */
  public static final long SEND_TIMEOUT_MILLIS = 10_000;
  /** Reads one owner runs at once: 8 × 16 MB bounds the heap the replies hold; past it, 503. */
  static final int MAX_READS = 8;
  /** Failure codes of an owner's answer, as HTTP status codes. */
  public static final int NOT_FOUND = 404;
  public static final int TOO_LARGE = 413;
  public static final int BUSY = 503;

  private final Vertx vertx;
  private final BiFunction<String, Instant, Path> owned;
  private final MessageConsumer<JsonObject> consumer;
  private final AtomicInteger reading = new AtomicInteger();

  /**
   * @param self  this node's name, as its segments are indexed (host:port)
   * @param owned the file of this node's own segment of a camera starting then, or null when it has none;
   *              called on a worker (it reads the index)
   */
  public ClusterSegments(Vertx vertx, String self, BiFunction<String, Instant, Path> owned) {
    this.vertx = vertx;
    this.owned = owned;
    this.consumer = vertx.eventBus().consumer(ClusterAddresses.SEGMENT + self, this::serve);
  }

  /**
   * The bytes of the camera's segment starting at {@code start} recorded by {@code node}. Fails with a
   * {@link io.vertx.core.eventbus.ReplyException}: code 404 or 413 from the owner, 503 when it is busy, or
   * the event bus's NO_HANDLERS (the owner is gone) or TIMEOUT.
   */
  public Future<Buffer> fetch(String node, String cameraId, Instant start) {
    JsonObject request = new JsonObject().put("camera", cameraId).put("start", start.toEpochMilli());
    return vertx.eventBus().<Buffer>request(ClusterAddresses.SEGMENT + node, request,
        new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MILLIS)).map(Message::body);
  }

  private void serve(Message<JsonObject> msg) {
    JsonObject b = msg.body();
    String cameraId = b == null ? null : b.getString("camera");
    Long start = b == null || !(b.getValue("start") instanceof Number n) ? null : n.longValue();
    if (cameraId == null || start == null || start < 0) {
      msg.fail(400, "bad segment request");
      return;
    }
    if (reading.incrementAndGet() > MAX_READS) {
      reading.decrementAndGet();
      msg.fail(BUSY, "too many segment reads");
      return;
    }
    vertx.executeBlocking(() -> read(cameraId, Instant.ofEpochMilli(start)), false).andThen(r -> reading.decrementAndGet())
        .onSuccess(msg::reply).onFailure(e -> {
          if (e instanceof Refused r) {
            msg.fail(r.code, r.getMessage());
          } else {
            LOG.log(Level.WARNING, "segment of camera {0} at {1} not read: {2}", cameraId, start, e.getMessage());
            msg.fail(BUSY, "segment not read");
          }
        });
  }

  private Buffer read(String cameraId, Instant start) throws IOException {
    Path f = owned.apply(cameraId, start);
    if (f == null || !Files.isRegularFile(f)) throw new Refused(NOT_FOUND, "no such segment here");
    long size = Files.size(f);
    if (size > MAX_BYTES) throw new Refused(TOO_LARGE, "segment of " + size + " bytes, over " + MAX_BYTES);
    return Buffer.buffer(Files.readAllBytes(f));
  }

  @Override
  public void close() {
    consumer.unregister();
  }

  /** An answer other than the bytes, with its code. */
  private static final class Refused extends IOException {
    final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}
