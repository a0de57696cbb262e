package io.vigil.web.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vigil.ingest.StreamAddressPolicy;
import io.vigil.ingest.StreamInfo;
import io.vigil.config.CameraConfig;
import io.vigil.config.StreamSource;
import io.vigil.store.DeadLetter;
import io.vigil.store.Page;
import io.vigil.web.AlertFilter;
import io.vigil.web.AlertInfo;
import io.vigil.web.AlertService;
import io.vigil.web.CameraDirectory;
import io.vigil.web.CameraHealth;
import io.vigil.web.CameraRegistrar;
import io.vigil.web.FrameSource;
import io.vigil.web.OccupancyService;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * What storage and ingest provide to the web module, held in memory for the web module's own tests
 * until the branches are merged; the contract each follows is the interface's.
 */
final class FixtureServices implements CameraDirectory, CameraRegistrar, AlertService, OccupancyService, FrameSource {
  final Map<String, CameraConfig> cameras = new ConcurrentHashMap<>();
  final Map<String, CameraHealth> states = new ConcurrentHashMap<>();
  final List<AlertInfo> alerts = new CopyOnWriteArrayList<>();
  private final AtomicLong frames = new AtomicLong();
  /**
   * The registration policy: loopback admitted, as an operator's {@code registration.allowed_networks}
   * would, since the tests' cameras are on loopback; the SSRF test swaps in the production defaults.
   */
  volatile StreamAddressPolicy policy = LOOPBACK_ALLOWED;
  static final StreamAddressPolicy LOOPBACK_ALLOWED = StreamAddressPolicy.allowing(List.of("127.0.0.0/8"));

  @Override
  public List<CameraConfig> cameras() {
    return cameras.values().stream().sorted(Comparator.comparing(CameraConfig::id)).toList();
  }

  @Override
  public CameraHealth state(String cameraId) {
    return states.get(cameraId);
  }

  @Override
  public Future<Registration> register(CameraConfig camera) {
    // The real address policy, then a probe result as the contract promises: the web tests' cameras
    // sit on a closed loopback port, where nothing answers; ingest's tests and the platform's probe
    // real streams.
    URI uri = ((StreamSource.Rtsp) camera.detect()).uri();
    StreamAddressPolicy p = policy;
    return Vertx.currentContext().owner().executeBlocking(() -> p.check(uri), false)
        .map(address -> {
          cameras.put(camera.id(), camera);
          return new Registration(camera, new StreamInfo("h264", 1280, 720, 25, 2.0));
        });
  }

  @Override
  public Future<Boolean> remove(String cameraId) {
    return Future.succeededFuture(cameras.remove(cameraId) != null);
  }

  @Override
  public Future<Page> alerts(AlertFilter f) {
    List<AlertInfo> match = alerts.stream()
        .filter(a -> !a.time().isBefore(f.from()) && a.time().isBefore(f.to()))
        .filter(a -> f.cameraIds().contains(a.cameraId()))
        .filter(a -> f.zoneId() == null || f.zoneId().equals(a.zoneId()))
        .filter(a -> f.state() == null || f.state().equals(a.state()))
        .sorted(Comparator.comparing(AlertInfo::time).reversed()).toList();
    List<AlertInfo> page = match.stream().skip(f.offset()).limit(f.limit()).toList();
    return Future.succeededFuture(new Page(page, f.offset(), f.limit(), match.size()));
  }

  @Override
  public Future<AlertInfo> alert(UUID id) {
    return alerts.stream().filter(a -> a.id().equals(id)).findFirst().map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new NoSuchElementException("no alert " + id)));
  }

  @Override
  public Future<AlertInfo> acknowledge(UUID id, String by, String note) {
    return alert(id).map(a -> {
      if (!a.state().equals("open")) return a;
      return replace(new AlertInfo(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), a.severity(), a.value(),
          a.threshold(), "acknowledged", by, Instant.now(), null, null, note == null ? a.note() : note, a.snapshotRef(), null));
    });
  }

  @Override
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return Future.succeededFuture(List.of(new DeadLetter(1, Instant.parse("2026-01-01T00:00:00Z"),
        "Site A", "https://hooks.example/vigil", UUID.randomUUID(), "opened", 8, "HTTP 500", "{}")));
  }

  @Override
  public Future<AlertInfo> resolve(UUID id, String by, String note) {
    return alert(id).map(a -> {
      if (a.state().equals("resolved")) return a;
      return replace(new AlertInfo(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), a.severity(), a.value(),
          a.threshold(), "resolved", a.acknowledgedBy(), a.acknowledgedAt(), by, Instant.now(),
          note == null ? a.note() : note, a.snapshotRef(), null));
    });
  }

  private AlertInfo replace(AlertInfo updated) {
    alerts.replaceAll(a -> a.id().equals(updated.id()) ? updated : a);
    return updated;
  }

  AlertInfo raise(String cameraId, String zoneId, double value, double threshold, String snapshotRef) {
    AlertInfo a = new AlertInfo(UUID.randomUUID(), Instant.now(), cameraId, zoneId, "over_capacity", "warning", value,
        threshold, "open", null, null, null, null, null, snapshotRef, null);
    alerts.add(a);
    return a;
  }

  /** A sine wave over the range with one sample per bucket, so that charts have a shape to draw. */
  @Override
  public Future<List<Bucket>> occupancy(String cameraId, String zoneId, Instant from, Instant to, Duration bucket) {
    List<Bucket> out = new ArrayList<>();
    CameraConfig c = cameras.get(cameraId);
    if (c == null) return Future.succeededFuture(out);
    for (var z : c.zones()) {
      if (zoneId != null && !zoneId.equals(z.id())) continue;
      long i = 0;
      for (Instant t = from.truncatedTo(ChronoUnit.MINUTES); t.isBefore(to); t = t.plus(bucket), i++) {
        double mean = 3 + 2.5 * Math.sin(i / 8.0);
        out.add(new Bucket(t, z.id(), (int) Math.ceil(mean + 1), mean));
      }
    }
    return Future.succeededFuture(out);
  }

  /** Each call draws a new frame with a counter on it, like a live camera. */
  @Override
  public Future<Buffer> latestJpeg(String cameraId) {
    return Future.succeededFuture(Buffer.buffer(jpeg(cameraId + " #" + frames.incrementAndGet())));
  }

  static byte[] jpeg(String text) {
    BufferedImage img = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(40, 60, 80));
    g.fillRect(0, 0, 320, 180);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    g.drawString(text, 20, 90);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
