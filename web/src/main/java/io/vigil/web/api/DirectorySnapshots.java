package io.vigil.web.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vigil.web.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.NoSuchElementException;

public final class DirectorySnapshots implements SnapshotStore {
  private final Vertx vertx;
  private final Path root;

  public DirectorySnapshots(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Future<Buffer> read(String ref) {
    Path file;
    try {
      file = resolve(root, ref);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      // A symbolic link inside the directory could still point out of it.
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchElementException("no such snapshot");
      return Buffer.buffer(Files.readAllBytes(file));
    }, false);
  }

  /** The file a reference names, checked by its text first and by the resolved path second. */
  static Path resolve(Path root, String ref) {
    Input.snapshotRef(ref);
    Path file = root.resolve(ref).normalize();
    if (!file.startsWith(root) || file.equals(root)) throw new IllegalArgumentException("snapshot reference leaves the snapshot directory");
    return file;
  }
}
