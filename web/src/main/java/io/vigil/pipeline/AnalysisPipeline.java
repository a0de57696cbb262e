package io.vigil.pipeline;

import io.vigil.analytics.Picture;
import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.CameraAnalyzer;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.ObjectClass;
import io.vigil.analytics.TrackedObject;
import io.vigil.ingest.FrameProcessor;
import io.vigil.config.CameraConfig;
import io.vigil.store.OccupancySample;
import io.vigil.store.StorageWriter;
import io.vigil.web.LiveFeed;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What happens to every analysed frame: the camera's analyzer turns it into people, counts and
 * events; counts go to storage and to the live viewers; the frame is kept for the viewer's picture;
 * listeners (the incident engine) see the result. Runs on the analytics pool, never concurrently for
 * one camera, so per-camera state needs no lock.
 */
public final class AnalysisPipeline implements FrameProcessor {
  private static final System.Logger LOG = System.getLogger(AnalysisPipeline.class.getName());
  /** One stored sample per zone per second is finer than any chart and bounds the write rate per camera. */
  private static final long SAMPLE_INTERVAL_MILLIS = 1000;

  /** Sees each analysed frame; the frame is only lent for the duration of the call. */
  public interface Listener {
    void onAnalysis(CameraConfig camera, FrameAnalysis analysis, Picture picture);
  }

  private record Running(CameraConfig config, CameraAnalyzer analyzer) {}

  private final Function<String, CameraConfig> cameras;
  private final AnalyticsSettings settings;
  private final StorageWriter writer;
  private final LiveFeed live;
  private final LatestFrames frames;
  private final List<Listener> listeners;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSample = new ConcurrentHashMap<>();

  public AnalysisPipeline(Function<String, CameraConfig> cameras, AnalyticsSettings settings, StorageWriter writer,
      LiveFeed live, LatestFrames frames, List<Listener> listeners) {
    this.cameras = cameras;
    this.settings = settings;
    this.writer = writer;
    this.live = live;
    this.frames = frames;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void process(String cameraId, Picture picture, long timestampMillis) {
    CameraConfig camera = cameras.apply(cameraId);
    if (camera == null) return;
    FrameAnalysis analysis = analyzer(camera).analyze(picture, timestampMillis);
    frames.update(cameraId, picture);
    live.analysis(cameraId, timestampMillis, tracks(analysis), analysis.zones().stream()
        .map(z -> new LiveFeed.ZoneCount(z.zoneId(), z.current(), z.smoothed())).toList());
    Long last = lastSample.get(cameraId);
    if (last == null || timestampMillis - last >= SAMPLE_INTERVAL_MILLIS) {
      lastSample.put(cameraId, timestampMillis);
      Instant t = Instant.ofEpochMilli(timestampMillis);
      analysis.zones().forEach(z -> writer.offer(new OccupancySample(t, cameraId, z.zoneId(), z.current(), z.smoothed())));
    }
    for (Listener l : listeners) {
      try {
        l.onAnalysis(camera, analysis, picture);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Analysis listener failed for camera " + cameraId, e);
      }
    }
  }

  /** The camera's analyzer, rebuilt when its configuration (zones, rules) was replaced. */
  private CameraAnalyzer analyzer(CameraConfig camera) {
    Running r = running.get(camera.id());
    if (r != null && r.config() == camera) return r.analyzer();
    if (r != null) r.analyzer().close();
    CameraAnalyzer a = new CameraAnalyzer(settings.forAnalyticRate(camera.analyticFps()), camera.zones());
    running.put(camera.id(), new Running(camera, a));
    return a;
  }

  private static List<LiveFeed.Track> tracks(FrameAnalysis a) {
    return a.objects().stream()
        .filter(o -> o.objectClass() == ObjectClass.PERSON)
        .map(AnalysisPipeline::track)
        .toList();
  }

  private static LiveFeed.Track track(TrackedObject o) {
    return new LiveFeed.Track(o.trackId(), o.box().left(), o.box().top(), o.box().right(), o.box().bottom());
  }

  /** Releases what was kept for a camera that has stopped for good (no frame of it is in flight). */
  public void forget(String cameraId) {
    Running r = running.remove(cameraId);
    if (r != null) r.analyzer().close();
    lastSample.remove(cameraId);
    frames.remove(cameraId);
  }
}
