package io.vigil.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A camera changing hands between nodes: the node taking it over asks each live previous holder to let
 * go (stop it, store what its engine raised) and waits, bounded, for the answer; a holder answers once
 * it has let go. All state is touched on the node's context.
 */
final class HandOver {
  private static final System.Logger LOG = System.getLogger(HandOver.class.getName());
  /**
   * How long a node taking a camera over waits for its live previous holder to let go. A release takes a
   * camera stop plus a database write (milliseconds); the bound only matters when the holder does not
   * answer (it is hanging, or it still waits for this node's hello), and then the camera starts anyway:
   * at worst an overlap of this long. A dead holder is not waited for, so the 15 s takeover holds.
   */
  private static final long RELEASE_TIMEOUT_MILLIS = 5000;

  private final Vertx vertx;
  private final String self;
  private final Predicate<String> holds;
  /** Cameras being let go here (stop, alerts stored): a release request waits for these. */
  private final Map<String, Future<Void>> releasing = new HashMap<>();
  /** Release requests for cameras this node still holds; answered when it lets go of them. */
  private final Map<String, List<Promise<Void>>> releaseWaiters = new HashMap<>();

  /** @param holds whether this node still pulls the camera or keeps its alerts */
  HandOver(Vertx vertx, String self, Predicate<String> holds) {
    this.vertx = vertx;
    this.self = self;
    this.holds = holds;
  }

  /** Answers the other nodes' release requests to this node; the consumer is the caller's to unregister. */
  MessageConsumer<String> answerRequests() {
    return vertx.eventBus().<String>consumer(ClusterAddresses.RELEASE + self, msg -> released(msg.body())
        .onComplete(ar -> {
          if (ar.succeeded()) msg.reply(self);
          else msg.fail(1, ar.cause().getMessage());
        }));
  }

  /**
   * Waits until each live holder has let go of the camera (stopped it and stored its alerts), so that
   * this node reads the camera's alerts as they are and never pulls it together with another one.
   * Bounded by {@link #RELEASE_TIMEOUT_MILLIS}: a holder that does not answer cannot stall a takeover.
   */
  Future<Void> awaitRelease(String id, Set<String> holders) {
    List<Future<Void>> all = new ArrayList<>();
    for (String node : holders) {
      DeliveryOptions bounded = new DeliveryOptions().setSendTimeout(RELEASE_TIMEOUT_MILLIS);
      all.add(vertx.eventBus().request(ClusterAddresses.RELEASE + node, id, bounded)
          .<Void>map(m -> {
            LOG.log(Level.INFO, "Camera " + id + " released by node " + node);
            return null;
          })
          .recover(e -> {
            LOG.log(Level.WARNING, "Camera " + id + " not released by node " + node + " ("
                + e.getMessage() + "); taking it over anyway");
            return Future.succeededFuture();
          }));
    }
    return Future.join(all).mapEmpty();
  }

  /** Answers a release request: at once if this node holds nothing of the camera, else once it lets go. */
  private Future<Void> released(String id) {
    Future<Void> going = releasing.get(id);
    if (going != null) return going.otherwiseEmpty();
    if (!holds.test(id)) return Future.succeededFuture();
    // Still held: this node has not yet heard of the change (the requester's hello is on its way).
    Promise<Void> p = Promise.promise();
    releaseWaiters.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
    // The requester has given up by then; a request about a camera this node keeps must not pile up.
    vertx.setTimer(RELEASE_TIMEOUT_MILLIS, t -> {
      List<Promise<Void>> waiting = releaseWaiters.get(id);
      if (waiting != null && waiting.remove(p) && waiting.isEmpty()) releaseWaiters.remove(id);
      p.tryFail("still held");
    });
    return p.future();
  }

  /** Lets go of the camera through {@code done}: requests about it are answered when it completes. */
  Future<Void> letGo(String id, Future<Void> done) {
    releasing.put(id, done);
    return done.andThen(ar -> {
      if (releasing.get(id) == done) releasing.remove(id);
      List<Promise<Void>> waiting = releaseWaiters.remove(id);
      if (waiting != null) waiting.forEach(Promise::tryComplete);
    });
  }
}
