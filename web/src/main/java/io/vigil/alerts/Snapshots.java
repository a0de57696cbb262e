package io.vigil.alerts;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.vigil.analytics.Box;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.ObjectClass;
import io.vigil.analytics.Point;
import io.vigil.analytics.TrackedObject;
import io.vigil.analytics.Zone;
import io.vigil.config.CameraConfig;
import io.vigil.store.Alert;
import io.vigil.store.AlertRows;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Alert snapshots: the triggering frame with people boxes and zones drawn, as JPEG files named
 * {@code <camera>/<alert id>.jpg} under the snapshot directory (the web module serves them by that
 * reference to users who may see the camera). A file goes when its alert is no longer stored, so the
 * store's alert retention removes both.
 */
final class Snapshots {
  private static final System.Logger LOG = System.getLogger(Snapshots.class.getName());
  /** Alerts reach the database through the store's spool; a newer file may belong to one not written yet. */
  static final Duration GRACE = Duration.ofHours(1);
  private static final int QUALITY = 85;
  private static final Scalar PERSON = new Scalar(80, 220, 80, 0);
  private static final Scalar ZONE = new Scalar(255, 200, 0, 0);
  private static final Scalar BREACHED = new Scalar(40, 40, 255, 0);
  private static final Scalar BAND = new Scalar(0, 0, 0, 0);
  private static final Scalar TEXT = new Scalar(255, 255, 255, 0);

  private final Path root;
  private final DataSource dataSource;

  Snapshots(Path root, DataSource dataSource) {
    this.root = root.toAbsolutePath().normalize();
    this.dataSource = dataSource;
  }

  static String ref(String cameraId, UUID alertId) {
    return Alert.snapshotRefOf(cameraId, alertId);
  }

  /**
   * Draws on {@code bgr} (a copy owned by the caller) and encodes it.
   *
   * @param people   boxes normalised to 0..1
   * @param breached the zone to outline in red, or null
   */
  static byte[] render(Mat bgr, List<Box> people, List<Zone> zones, String breached, String label) {
    int w = bgr.cols();
    int h = bgr.rows();
    int thick = Math.max(1, Math.round(Math.max(w, h) / 640f));
    for (Zone z : zones) {
      Scalar colour = z.id().equals(breached) ? BREACHED : ZONE;
      List<Point> p = z.polygon();
      for (int i = 0; i < p.size(); i++) {
        Point a = p.get(i);
        Point b = p.get((i + 1) % p.size());
        line(bgr, px(a.x(), a.y(), w, h), px(b.x(), b.y(), w, h), colour, thick * 2, LINE_AA, 0);
      }
    }
    for (Box b : people) {
      rectangle(bgr, px(b.left(), b.top(), w, h), px(b.right(), b.bottom(), w, h), PERSON, thick, LINE_AA, 0);
    }
    // On a dark band: the label must stay readable over any scene.
    double scale = 0.45 * thick;
    try (IntPointer baseline = new IntPointer(1)) {
      Size text = getTextSize(label, FONT_HERSHEY_SIMPLEX, scale, thick, baseline);
      rectangle(bgr, new org.bytedeco.opencv.opencv_core.Point(0, 0),
          new org.bytedeco.opencv.opencv_core.Point(Math.min(w - 1, text.width() + 12 * thick), text.height() + 12 * thick),
          BAND, FILLED, LINE_8, 0);
      putText(bgr, label, new org.bytedeco.opencv.opencv_core.Point(6 * thick, text.height() + 6 * thick),
          FONT_HERSHEY_SIMPLEX, scale, TEXT, thick, LINE_AA, false);
    }
    try (BytePointer buf = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY)) {
      if (!imencode(".jpg", bgr, buf, params)) throw new IllegalStateException("JPEG encoding failed");
      byte[] jpeg = new byte[(int) buf.limit()];
      buf.get(jpeg);
      return jpeg;
    }
  }

  private static org.bytedeco.opencv.opencv_core.Point px(double x, double y, int w, int h) {
    return new org.bytedeco.opencv.opencv_core.Point((int) Math.round(x * (w - 1)), (int) Math.round(y * (h - 1)));
  }

  /** Writes the file whole or not at all, so the web module never serves half a JPEG. */
  /**
   * Renders the frame that opened {@code ev} with its people and the camera's zones, and writes it
   * under the alert's snapshot reference. Closes {@code bgr}. Blocks: call it on a worker.
   */
  void write(Incidents.Event ev, CameraConfig camera, Mat bgr, FrameAnalysis analysis) throws IOException {
    List<Box> people = new ArrayList<>();
    for (TrackedObject o : analysis.objects()) {
      if (o.objectClass() == ObjectClass.PERSON) people.add(o.box());
    }
    Alert a = ev.alert();
    // Numbers and the time only, no words: the picture goes to Vietnamese and English readers alike, and
    // OpenCV's Hershey fonts cannot draw Vietnamese letters.
    String label = camera.id() + " " + (ev.key().zoneId() == null ? "" : ev.key().zoneId() + " ") + Math.round(a.value())
        + "/" + Math.round(a.threshold()) + "  " + a.time().truncatedTo(ChronoUnit.SECONDS);
    try (bgr) {
      write(a.snapshotRef(), render(bgr, people, camera.zones(), ev.key().zoneId(), label));
    }
  }

  void write(String ref, byte[] jpeg) throws IOException {
    Path file = root.resolve(ref).normalize();
    if (!file.startsWith(root)) throw new IllegalArgumentException("snapshot reference leaves the directory");
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, jpeg);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Deletes snapshots older than {@link #GRACE} whose alert is no longer stored; returns how many. Blocking. */
  int sweep(Instant now) throws IOException, SQLException {
    Map<UUID, Path> candidates = new HashMap<>();
    if (!Files.isDirectory(root)) return 0;
    try (DirectoryStream<Path> cameras = Files.newDirectoryStream(root)) {
      for (Path dir : cameras) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jpg")) {
          for (Path f : files) {
            UUID id = idOf(f);
            if (id != null && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(now.minus(GRACE))) {
              candidates.put(id, f);
            }
          }
        }
      }
    }
    if (candidates.isEmpty()) return 0;
    Set<UUID> stored = AlertRows.stored(dataSource, candidates.keySet());
    int deleted = 0;
    for (Map.Entry<UUID, Path> c : candidates.entrySet()) {
      if (!stored.contains(c.getKey()) && Files.deleteIfExists(c.getValue())) deleted++;
    }
    if (deleted > 0) LOG.log(Level.INFO, "Deleted " + deleted + " snapshots of alerts past retention");
    return deleted;
  }

  private static UUID idOf(Path f) {
    String name = f.getFileName().toString();
    try {
      return UUID.fromString(name.substring(0, name.length() - ".jpg".length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
