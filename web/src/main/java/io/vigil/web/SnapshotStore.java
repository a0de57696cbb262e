package io.vigil.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vigil.web.impl.DirectorySnapshots;
import java.nio.file.Path;

/** Alert snapshots (JPEG) by the reference stored with the alert. */
public interface SnapshotStore {

  /**
   * Snapshots kept as files under {@code root}. A reference is a relative path of plain names; one that
   * would leave the directory is refused, never resolved.
   */
  static SnapshotStore directory(Vertx vertx, Path root) {
    return new DirectorySnapshots(vertx, root);
  }

  /**
   * The snapshot's bytes; fails with {@link IllegalArgumentException} for a malformed reference and
   * {@link java.util.NoSuchElementException} when there is no such file.
   */
  Future<Buffer> read(String ref);
}
