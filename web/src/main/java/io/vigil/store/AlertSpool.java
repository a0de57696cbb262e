package io.vigil.store;

import io.vertx.core.json.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts' write-ahead file. Every alert is appended (and forced to disk) before it is sent to
 * the database and stays until a transaction holding it commits, so alerts survive both a
 * database outage and a crash of Vigil. Entries are read back in the order they were appended;
 * replaying one that was already stored is harmless because alert writes are idempotent. Entries are
 * {@link AlertJson}'s shape; lines an earlier Vigil wrote in its own shape are still read.
 *
 * <p>Only the writer thread uses a spool, so it has no locking.
 */
final class AlertSpool implements Closeable {
  private static final System.Logger LOG = System.getLogger(AlertSpool.class.getName());
  static final String FILE = "alerts.jsonl";
  static final String REJECTED_FILE = "alerts-rejected.jsonl";
  private static final int READ_CHUNK = 1 << 20;

  /** Alerts read from the spool, how many unreadable entries were set aside, and the offset just past them. */
  record Batch(List<Alert> alerts, int unreadable, long end) {}

  private final Path dir;
  private final FileChannel channel;
  private long committed;
  private long pendingCount;

  private AlertSpool(Path dir, FileChannel channel, long pendingCount) {
    this.dir = dir;
    this.channel = channel;
    this.pendingCount = pendingCount;
  }

  static AlertSpool open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    long size = ch.size();
    long complete = lastNewline(ch, size);
    if (complete < size) {
      // A crash in the middle of an append: that alert's append() never returned to a forced write.
      LOG.log(Level.WARNING, "Alert spool " + file + " ends with " + (size - complete)
          + " bytes of an unfinished entry, removing them");
      ch.truncate(complete);
      ch.force(true);
    }
    AlertSpool spool = new AlertSpool(dir, ch, 0);
    spool.pendingCount = spool.countLines();
    if (spool.pendingCount > 0) {
      LOG.log(Level.INFO, "Alert spool " + file + " holds " + spool.pendingCount
          + " alerts from an earlier run, they will be stored");
    }
    return spool;
  }

  void append(List<Alert> alerts) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(lines(alerts).getBytes(StandardCharsets.UTF_8));
    long start = channel.size();
    try {
      long pos = start;
      while (buf.hasRemaining()) pos += channel.write(buf, pos);
      channel.force(false);
    } catch (IOException e) {
      channel.truncate(start); // leave no half entry behind; the caller keeps the alerts and retries
      throw e;
    }
    pendingCount += alerts.size();
  }

  /**
   * Appends to the spool in {@code dir} without an open spool, for alerts that arrive after storage
   * closed; the next start stores them.
   */
  static void appendAfterClose(Path dir, List<Alert> alerts) throws IOException {
    Files.writeString(dir.resolve(FILE), lines(alerts), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
  }

  private static String lines(List<Alert> alerts) {
    StringBuilder sb = new StringBuilder(alerts.size() * 400);
    for (Alert a : alerts) sb.append(AlertJson.encode(a).encode()).append('\n');
    return sb.toString();
  }

  Path dir() {
    return dir;
  }

  boolean hasPending() {
    return pendingCount > 0;
  }

  long pendingCount() {
    return pendingCount;
  }

  /** Up to {@code max} alerts after the last commit, oldest first. */
  Batch read(int max) throws IOException {
    List<Alert> out = new ArrayList<>();
    int unreadable = 0;
    long pos = committed;
    long size = channel.size();
    while (out.size() + unreadable < max && pos < size) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_CHUNK, size - pos));
      channel.read(buf, pos);
      byte[] bytes = buf.array();
      int lineStart = 0;
      for (int i = 0; i < bytes.length && out.size() + unreadable < max; i++) {
        if (bytes[i] != '\n') continue;
        String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
        long lineOffset = pos + lineStart;
        lineStart = i + 1;
        try {
          out.add(AlertJson.decode(new JsonObject(line)));
        } catch (RuntimeException e) {
          // A hand-edited or corrupted entry: keep it for people to look at rather than retry it forever.
          LOG.log(Level.ERROR, "Alert spool entry at byte " + lineOffset + " is not an alert (" + e.getMessage()
              + "), moved to " + REJECTED_FILE);
          appendRejected(line, "unreadable: " + e.getMessage());
          unreadable++;
        }
      }
      if (lineStart == 0) throw new IOException("alert spool entry at byte " + pos + " is longer than " + READ_CHUNK);
      pos += lineStart;
    }
    return new Batch(out, unreadable, pos);
  }

  /** Marks everything before {@code end} stored; once all is stored the file is emptied. */
  void commit(Batch batch) throws IOException {
    committed = batch.end();
    pendingCount -= batch.alerts().size() + batch.unreadable();
    if (committed >= channel.size()) {
      channel.truncate(0);
      channel.force(false);
      committed = 0;
      pendingCount = 0;
    }
  }

  /** Keeps an alert the database refused, with the reason, in a file of its own. */
  void reject(Alert alert, String reason) {
    appendRejected(AlertJson.encode(alert).encode(), reason);
  }

  private void appendRejected(String line, String reason) {
    String entry = new JsonObject().put("reason", reason).put("entry", line).encode() + "\n";
    try {
      Files.writeString(dir.resolve(REJECTED_FILE), entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep a rejected alert in " + dir.resolve(REJECTED_FILE), e);
    }
  }

  private long countLines() throws IOException {
    long n = 0;
    long size = channel.size();
    ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
    for (long pos = 0; pos < size; ) {
      buf.clear();
      int r = channel.read(buf, pos);
      if (r <= 0) break;
      for (int i = 0; i < r; i++) if (buf.get(i) == '\n') n++;
      pos += r;
    }
    return n;
  }

  private static long lastNewline(FileChannel ch, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    for (long pos = size - 1; pos >= 0; pos--) {
      one.clear();
      ch.read(one, pos);
      if (one.get(0) == '\n') return pos + 1;
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
