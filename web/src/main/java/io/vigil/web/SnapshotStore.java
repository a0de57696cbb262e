package io.vigil.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Alert snapshots (JPEG) by the reference stored with the alert.
 *
 * <p>An interface, with one implementation ({@code io.vigil.web.api.DirectorySnapshots}), because it is a
 * port: {@link WebBindings} names it without depending on {@code web.api}, where the reference is
 * validated (ArchitectureTest forbids the cycle).
 */
public interface SnapshotStore {

  /**
   * The snapshot's bytes; fails with {@link IllegalArgumentException} for a malformed reference and
   * {@link java.util.NoSuchElementException} when there is no such file.
   */
  Future<Buffer> read(String ref);
}
