package io.vigil.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waiting in tests: for a condition, bounded so a broken build fails instead of hanging. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration max, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + max + " waiting for " + what);
      Thread.sleep(50);
    }
  }

  public static <T> T result(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the future to fail");
  }
}
