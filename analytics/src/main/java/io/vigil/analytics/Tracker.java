package io.vigil.analytics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * ByteTrack-style multi-object tracker. Confident detections are associated first, by IoU with the
 * Kalman-predicted boxes and then, for low frame rates where a walker's boxes no longer overlap, by
 * centre distance within a gate that grows with the elapsed time; weak detections may then only
 * extend tracks that are still unmatched, so partly occluded people keep their track without weak
 * false positives starting new ones.
 *
 * <p>A track is confirmed, and counted, once it has been matched {@code minHits} times and has been
 * seen moving at least once. The second condition keeps static look-alikes (sign posts, coats on
 * hooks, mannequins) out of the counts; it costs that someone who stands perfectly still from the
 * moment the camera starts is counted only once they first move. Once confirmed, a person who stops
 * stays counted.
 */
final class Tracker {
  private static final double IOU_MIN = 0.3;
  private static final double LOW_IOU_MIN = 0.4;
  /** How far a person's centre may move, in box heights per second, to be matched by distance. */
  private static final double GATE_HEIGHTS_PER_SECOND = 1.0;
  private static final double GATE_MAX_HEIGHTS = 1.5;
  /**
   * Mean grey-level change (0-255, mean-free thumbnails) below which the pixels where a person was
   * last detected still show them: compression noise and small postural sway stay well under it,
   * a person walking away (revealing the background) is far above it.
   */
  private static final double UNCHANGED_PATCH = 12;
  /** Fraction of a box's pixels that must change for the object to count as moving there. */
  private static final double MOVING_FRACTION = 0.05;

  private final double scoreThreshold;
  private final int minHits;
  private final long maxAgeMillis;
  private final long stationaryMaxAgeMillis;
  private final List<Track> tracks = new ArrayList<>();
  private long nextId = 1;

  /**
   * @param scoreThreshold detections at or above it may start tracks; weaker ones only extend them
   * @param minHits        matched detections before a track is confirmed
   */
  public Tracker(double scoreThreshold, int minHits, long maxAgeMillis, long stationaryMaxAgeMillis) {
    this.scoreThreshold = scoreThreshold;
    this.minHits = minHits;
    this.maxAgeMillis = maxAgeMillis;
    this.stationaryMaxAgeMillis = stationaryMaxAgeMillis;
  }

  /**
   * Advances every track to {@code timestampMillis} and, when the detector ran, associates its
   * detections.
   *
   * @param detections null when the detector did not run on this frame
   * @param probe      motion and content of the frame at a box: a person the detector missed where
   *                   nothing moved and the pixels still look as when they were last seen is
   *                   standing still rather than gone
   * @param frameWidth tracks whose box leaves the frame are dropped
   */
  public void update(List<Detection> detections, long timestampMillis, FrameProbe probe, int frameWidth,
      int frameHeight) {
    for (Track t : tracks) {
      t.predict(timestampMillis);
      if (!t.moved && probe.motion(t.box()) >= MOVING_FRACTION) {
        t.moved = true;
      }
    }
    if (detections == null) {
      dropOutOfFrame(frameWidth, frameHeight);
      return;
    }
    List<Track> unmatched = new ArrayList<>(tracks);
    List<Detection> high = new ArrayList<>();
    List<Detection> low = new ArrayList<>();
    for (Detection d : detections) {
      (d.score() >= scoreThreshold ? high : low).add(d);
    }
    List<Detection> unmatchedHigh = associateByIou(high, unmatched, IOU_MIN, timestampMillis, probe);
    unmatchedHigh = associateByDistance(unmatchedHigh, unmatched, timestampMillis, probe);
    associateByIou(low, unmatched, LOW_IOU_MIN, timestampMillis, probe);

    for (Track t : unmatched) {
      if (!t.confirmed) {
        tracks.remove(t);
        continue;
      }
      long age = timestampMillis - t.updatedAt;
      boolean stationary = probe.motion(t.box()) < MOVING_FRACTION
          && FrameProbe.difference(t.patch, probe.patch(t.box())) < UNCHANGED_PATCH;
      if (stationary) {
        t.stop();
      }
      if (age > (stationary ? stationaryMaxAgeMillis : maxAgeMillis)) {
        tracks.remove(t);
      }
    }
    for (Detection d : unmatchedHigh) {
      Track t = new Track(nextId++, d, timestampMillis);
      t.moved = probe.motion(d.box()) >= MOVING_FRACTION;
      t.patch = probe.patch(t.box());
      t.confirmed = minHits <= 1 && t.moved;
      tracks.add(t);
    }
    dropOutOfFrame(frameWidth, frameHeight);
  }

  /** Confirmed tracks, oldest first. */
  public List<TrackView> confirmed() {
    List<TrackView> out = new ArrayList<>();
    for (Track t : tracks) {
      if (t.confirmed) {
        out.add(new TrackView(t.id, t.objectClass, t.box(), t.score));
      }
    }
    return out;
  }

  /**
   * Whether the tracks can be trusted to predict the next frame: every moving track is confirmed,
   * was matched by the last detector pass (at {@code lastPass}) and has been matched at least
   * {@code minHits} times, so its velocity is measured. A tentative track that moved is a person
   * walking in, whom only the detector can confirm; tentative tracks that never moved are static
   * look-alikes, seen again at the next pass anyway.
   */
  public boolean settled(long lastPass, int minHits) {
    for (Track t : tracks) {
      if (!t.confirmed && t.moved) {
        return false;
      }
      if (t.confirmed && (t.updatedAt != lastPass || t.hits < minHits)) {
        return false;
      }
    }
    return true;
  }

  /** Whether some track is confirmed. */
  public boolean tracking() {
    for (Track t : tracks) {
      if (t.confirmed) {
        return true;
      }
    }
    return false;
  }

  /** Boxes of all live tracks, tentative ones included, as last predicted. */
  public List<Box> boxes() {
    List<Box> out = new ArrayList<>(tracks.size());
    for (Track t : tracks) {
      out.add(t.box());
    }
    return out;
  }

  public void clear() {
    tracks.clear();
  }

  private List<Detection> associateByIou(List<Detection> detections, List<Track> unmatched, double minIou,
      long timestampMillis, FrameProbe probe) {
    List<double[]> pairs = new ArrayList<>();
    for (int di = 0; di < detections.size(); di++) {
      Detection d = detections.get(di);
      for (int ti = 0; ti < unmatched.size(); ti++) {
        Track t = unmatched.get(ti);
        if (t.objectClass == d.objectClass()) {
          double iou = t.box().iou(d.box());
          if (iou >= minIou) {
            pairs.add(new double[] {-iou, di, ti});
          }
        }
      }
    }
    return assignGreedy(pairs, detections, unmatched, timestampMillis, probe);
  }

  private List<Detection> associateByDistance(List<Detection> detections, List<Track> unmatched, long timestampMillis,
      FrameProbe probe) {
    List<double[]> pairs = new ArrayList<>();
    for (int di = 0; di < detections.size(); di++) {
      Detection d = detections.get(di);
      for (int ti = 0; ti < unmatched.size(); ti++) {
        Track t = unmatched.get(ti);
        if (t.objectClass != d.objectClass()) {
          continue;
        }
        Box p = t.box();
        double height = Math.max(p.height(), d.box().height());
        double seconds = (timestampMillis - t.updatedAt) / 1000.0;
        double gate = Math.min(GATE_MAX_HEIGHTS, GATE_HEIGHTS_PER_SECOND * seconds) * height;
        double dist = Math.hypot(p.centreX() - d.box().centreX(), p.centreY() - d.box().centreY());
        double sizeRatio = d.box().height() / p.height();
        if (dist <= gate && sizeRatio > 0.7 && sizeRatio < 1.4) {
          pairs.add(new double[] {dist / height, di, ti});
        }
      }
    }
    return assignGreedy(pairs, detections, unmatched, timestampMillis, probe);
  }

  /** Assigns cheapest pairs first; returns the detections left over and removes matched tracks. */
  private List<Detection> assignGreedy(List<double[]> pairs, List<Detection> detections, List<Track> unmatched,
      long timestampMillis, FrameProbe probe) {
    pairs.sort((a, b) -> Double.compare(a[0], b[0]));
    boolean[] detUsed = new boolean[detections.size()];
    boolean[] trackUsed = new boolean[unmatched.size()];
    for (double[] p : pairs) {
      int di = (int) p[1];
      int ti = (int) p[2];
      if (!detUsed[di] && !trackUsed[ti]) {
        detUsed[di] = true;
        trackUsed[ti] = true;
        Track t = unmatched.get(ti);
        t.update(detections.get(di), timestampMillis);
        t.patch = probe.patch(t.box());
        if (t.hits >= minHits && t.moved) {
          t.confirmed = true;
        }
      }
    }
    List<Detection> left = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      if (!detUsed[i]) {
        left.add(detections.get(i));
      }
    }
    Iterator<Track> it = unmatched.iterator();
    for (int i = 0; it.hasNext(); i++) {
      it.next();
      if (trackUsed[i]) {
        it.remove();
      }
    }
    return left;
  }

  private void dropOutOfFrame(int width, int height) {
    tracks.removeIf(t -> {
      Box b = t.box();
      double fx = b.centreX();
      return fx < 0 || fx > width || b.bottom() < 0 || b.top() > height;
    });
  }

  /** An immutable view of a confirmed track, in pixels. */
  public record TrackView(long id, ObjectClass objectClass, Box box, double score) {}
}
