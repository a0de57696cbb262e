package io.vigil.web.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a file with HTTP range requests (RFC 9110 §14): a browser's video element asks for the index
 * and then the parts it plays, and seeks without downloading the whole. One range per request (what
 * browsers ask for); an unsatisfiable one answers 416. Called on the route's event loop; the file is
 * streamed by Vert.x without blocking it.
 */
final class FileReplies {
  private static final System.Logger LOG = System.getLogger(FileReplies.class.getName());
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private FileReplies() {}

  /** @param deleteAfter whether the file is a temporary one to delete once sent (or the connection closed) */
  static void send(RoutingContext ctx, Path file, String contentType, boolean deleteAfter) {
    HttpServerResponse r = ctx.response();
    if (deleteAfter) r.endHandler(v -> delete(file)).closeHandler(v -> delete(file));
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      ctx.fail(e);
      return;
    }
    r.putHeader("Content-Type", contentType).putHeader("Accept-Ranges", "bytes")
        .putHeader("Cache-Control", "private, max-age=3600");
    String range = ctx.request().getHeader("Range");
    long[] span = range == null ? null : span(range, size);
    if (range != null && span == null) {
      r.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
      return;
    }
    if (span == null) {
      r.sendFile(file.toString());
      return;
    }
    r.setStatusCode(206).putHeader("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + size);
    r.sendFile(file.toString(), span[0], span[1] - span[0] + 1);
  }

  /** [first, last] of a single byte range within {@code size}, or null when it cannot be satisfied. */
  static long[] span(String header, long size) {
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty()) || size == 0) return null;
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0) return null;
        return new long[] {Math.max(0, size - suffix), size - 1};
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (first >= size || last < first) return null;
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete the temporary file {0}: {1}", file.getFileName(), e.getMessage());
    }
  }
}
