package io.vigil.store;

import io.vertx.core.json.Json;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A write-ahead file of alerts or of camera status changes. Every entry is appended (and forced to
 * disk) before it is sent to the database and stays until a transaction holding it commits, so it
 * survives both a database outage and a crash of Vigil. Entries are read back in the order they were
 * appended; replaying one that was already stored is harmless because both writes are idempotent
 * (alerts are upserted by id, status changes inserted with ON CONFLICT DO NOTHING on their key).
 *
 * <p>Only one writer thread uses a spool, so it has no locking.
 */
final class Spool<T> implements Closeable {
  private static final System.Logger LOG = System.getLogger(Spool.class.getName());
  private static final int READ_CHUNK = 1 << 20;

  /** What a spool holds: its files, a word for log lines, and how an entry is written and read. */
  record Kind<T>(String file, String rejectedFile, String what, Function<T, JsonObject> encode,
      Function<JsonObject, T> decode) {}

  static final Kind<Alert> ALERTS = new Kind<>("alerts.jsonl", "alerts-rejected.jsonl", "alerts", AlertJson::encode,
      AlertJson::decode);
  static final Kind<OccupancySample> OCCUPANCY = new Kind<>("occupancy.jsonl", "occupancy-rejected.jsonl",
      "occupancy samples", Spool::sampleJson, Spool::sample);
  /**
   * Bytes already stored at the head of the file above which {@link #compact()} rewrites it: a bounded
   * spool that drops its oldest during a long outage would otherwise only ever grow.
   */
  static final long COMPACT_ABOVE_BYTES = 8L << 20;
  static final Kind<CameraStatusChange> STATUS = new Kind<>("camera-status.jsonl", "camera-status-rejected.jsonl",
      "camera status changes", Spool::statusJson, Spool::status);

  /** Entries read from the spool, how many unreadable ones were set aside, and the offset just past them. */
  record Batch<T>(List<T> items, int unreadable, long end) {}

  private final Path dir;
  private final Kind<T> kind;
  private FileChannel channel;
  private long committed;
  private long pendingCount;

  private Spool(Path dir, Kind<T> kind, FileChannel channel) {
    this.dir = dir;
    this.kind = kind;
    this.channel = channel;
  }

  static <T> Spool<T> open(Path dir, Kind<T> kind) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(kind.file());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    long size = ch.size();
    long complete = lastNewline(ch, size);
    if (complete < size) {
      // A crash in the middle of an append: that entry's append() never returned to a forced write.
      LOG.log(Level.WARNING, "Spool " + file + " ends with " + (size - complete)
          + " bytes of an unfinished entry, removing them");
      ch.truncate(complete);
      ch.force(true);
    }
    Spool<T> spool = new Spool<>(dir, kind, ch);
    spool.pendingCount = spool.countLines();
    if (spool.pendingCount > 0) {
      LOG.log(Level.INFO, "Spool " + file + " holds " + spool.pendingCount
          + " " + kind.what() + " from an earlier run or outage, they will be stored");
    }
    return spool;
  }

  void append(List<T> entries) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(lines(kind, entries).getBytes(StandardCharsets.UTF_8));
    long start = channel.size();
    try {
      long pos = start;
      while (buf.hasRemaining()) pos += channel.write(buf, pos);
      channel.force(false);
    } catch (IOException e) {
      channel.truncate(start); // leave no half entry behind; the caller keeps the entries and retries
      throw e;
    }
    pendingCount += entries.size();
  }

  /**
   * Appends to the spool in {@code dir} without an open spool, for entries that arrive after storage
   * closed; the next start stores them.
   */
  static <T> void appendAfterClose(Path dir, Kind<T> kind, List<T> entries) throws IOException {
    Files.writeString(dir.resolve(kind.file()), lines(kind, entries), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
  }

  private static <T> String lines(Kind<T> kind, List<T> entries) {
    StringBuilder sb = new StringBuilder(entries.size() * 400);
    for (T e : entries) sb.append(kind.encode().apply(e).encode()).append('\n');
    return sb.toString();
  }

  private static JsonObject statusJson(CameraStatusChange c) {
    return new JsonObject().put("time", c.time().toString()).put("cameraId", c.cameraId()).put("status", c.status())
        .put("detail", c.detail());
  }

  private static JsonObject sampleJson(OccupancySample s) {
    return new JsonObject().put("time", s.time().toString()).put("cameraId", s.cameraId()).put("zoneId", s.zoneId())
        .put("people", s.people()).put("smoothed", s.smoothedPeople());
  }

  private static OccupancySample sample(JsonObject o) {
    return new OccupancySample(Instant.parse(o.getString("time")), o.getString("cameraId"), o.getString("zoneId"),
        o.getInteger("people"), o.getDouble("smoothed"));
  }

  /**
   * Rewrites the file without what was already marked stored (or dropped), when that is more than
   * {@link #COMPACT_ABOVE_BYTES} and more than what is left: the copy is forced to disk and then renamed
   * over the file, so a crash leaves the one or the other whole.
   */
  void compactIfWasteful() throws IOException {
    compactIfWasteful(COMPACT_ABOVE_BYTES);
  }

  void compactIfWasteful(long aboveBytes) throws IOException {
    if (committed < aboveBytes || committed < channel.size() - committed) return;
    Path file = dir.resolve(kind.file());
    Path tmp = dir.resolve(kind.file() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      long size = channel.size();
      for (long pos = committed; pos < size; ) pos += channel.transferTo(pos, size - pos, out);
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    channel.close();
    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    committed = 0;
  }

  private static CameraStatusChange status(JsonObject o) {
    return new CameraStatusChange(Instant.parse(o.getString("time")), o.getString("cameraId"), o.getString("status"),
        o.getString("detail"));
  }

  Kind<T> kind() {
    return kind;
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

  /** Up to {@code max} entries after the last commit, oldest first. */
  Batch<T> read(int max) throws IOException {
    List<T> out = new ArrayList<>();
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
          out.add(kind.decode().apply(new JsonObject(line)));
        } catch (RuntimeException e) {
          // A hand-edited or corrupted entry: keep it for people to look at rather than retry it forever.
          LOG.log(Level.ERROR, "Spool " + kind.file() + " entry at byte " + lineOffset + " is unreadable ("
              + e.getMessage() + "), moved to " + kind.rejectedFile());
          appendRejected(line, "unreadable: " + e.getMessage());
          unreadable++;
        }
      }
      if (lineStart == 0) throw new IOException(kind.file() + " entry at byte " + pos + " is longer than " + READ_CHUNK);
      pos += lineStart;
    }
    return new Batch(out, unreadable, pos);
  }

  /** Marks everything before {@code end} stored; once all is stored the file is emptied. */
  void commit(Batch<T> batch) throws IOException {
    committed = batch.end();
    pendingCount -= batch.items().size() + batch.unreadable();
    if (committed >= channel.size()) {
      channel.truncate(0);
      channel.force(false);
      committed = 0;
      pendingCount = 0;
    }
  }

  /** Keeps an entry the database refused, with the reason, in a file of its own. */
  void reject(T entry, String reason) {
    appendRejected(kind.encode().apply(entry).encode(), reason);
  }

  private void appendRejected(String line, String reason) {
    String entry = "{\"reason\":" + Json.encode(reason) + ",\"entry\":" + Json.encode(line) + "}\n";
    try {
      Files.writeString(dir.resolve(kind.rejectedFile()), entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep a rejected entry in " + dir.resolve(kind.rejectedFile()), e);
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
