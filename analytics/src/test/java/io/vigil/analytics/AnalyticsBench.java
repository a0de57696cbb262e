package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.setNumThreads;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Per-stage cost of analysing a 720p frame: the PETS clip upscaled to 1280x720 at one analysed frame
 * per second (every 10th frame). Sample mode, so the report gives medians. OpenCV runs on one thread,
 * as in production where cameras supply the parallelism.
 *
 * <p>{@code baselineSquarePass} is the baseline: the usual YOLOX recipe (the frame letterboxed into a
 * 416x416 square, as in the model's README and the Python pipelines Vigil is compared with) through
 * OpenCV DNN, which a pipeline without gating spends on every analysed frame. {@code detectorPass} is
 * Vigil's whole-frame pass, which keeps the frame's aspect ratio (416x256 for 720p), on ONNX Runtime
 * (the default); the {@code OnnxRuntime} / {@code OpenCv} variants run the other runtime on the same
 * input, with the same pre- and post-processing, so each pair differs only in the forward pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class AnalyticsBench {
  private static final int FRAMES = 40;

  private final List<Mat> frames = new ArrayList<>();
  private final List<Mat> squares = new ArrayList<>();
  private final List<Frame> rawFrames = new ArrayList<>();
  private final List<List<Detection>> detections = new ArrayList<>();
  private AnalyticsSettings settings;
  private OpenCVFrameConverter.ToMat converter;
  private MotionGate gate;
  private PersonDetector detector;
  private PersonDetector openCvDetector;
  private CameraAnalyzer gated;
  private CameraAnalyzer idle;
  private Tracker tracker;
  private int next;
  private long clock;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path shared = Path.of(System.getProperty("vigil.shared", "../shared"));
    setNumThreads(1);
    settings = AnalyticsSettings.defaults().withModel(shared.resolve("models/yolox-nano/yolox_nano.onnx"));
    converter = new OpenCVFrameConverter.ToMat();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(shared.resolve("data/pets09-s2l1/vtest.avi").toFile());
        OpenCVFrameConverter.ToMat grabConverter = new OpenCVFrameConverter.ToMat();
        Size hd = new Size(1280, 720)) {
      grabber.start();
      Frame f;
      for (int i = 0; (f = grabber.grabImage()) != null && frames.size() < FRAMES; i++) {
        if (i % 10 == 0) {
          Mat hdFrame = new Mat();
          resize(grabConverter.convert(f), hdFrame, hd, 0, 0, INTER_LINEAR);
          frames.add(hdFrame);
          Mat square = new Mat();
          copyMakeBorder(hdFrame, square, 0, 1280 - 720, 0, 0, BORDER_CONSTANT, new Scalar(114, 114, 114, 0));
          squares.add(square);
          rawFrames.add(grabConverter.convert(hdFrame).clone());
        }
      }
      grabber.stop();
    }
    gate = new MotionGate(settings.motionWidth());
    gate.convert(frames.get(0));
    gate.apply();
    detector = PersonDetector.create(settings);
    openCvDetector = PersonDetector.create(settings.withRuntime(DetectorRuntime.OPENCV));
    for (Mat m : frames) {
      detections.add(detector.detect(m, null));
    }
    gated = new CameraAnalyzer(settings, List.of());
    // Never due and never moving: the cost of a frame on which the gate skips the detector.
    AnalyticsSettings quiet = new AnalyticsSettings(settings.model(), settings.runtime(), settings.inputSize(), settings.scoreThreshold(),
        settings.lowScoreThreshold(), settings.nmsThreshold(), Duration.ofDays(1), settings.verifyInterval(), settings.restOnTracks(),
        settings.schedule(), 1.0, settings.motionWidth(),
        settings.smoothing(), settings.trackMaxAge(), settings.stationaryMaxAge(), settings.trackMinHits(),
        settings.personHeightMetres(), 1);
    idle = new CameraAnalyzer(quiet, List.of());
    tracker = new Tracker(settings.scoreThreshold(), settings.trackMinHits(), settings.trackMaxAge().toMillis(),
        settings.stationaryMaxAge().toMillis());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    frames.forEach(Mat::close);
    squares.forEach(Mat::close);
    rawFrames.forEach(Frame::close);
    gate.close();
    detector.close();
    openCvDetector.close();
    gated.close();
    idle.close();
    converter.close();
  }

  private int nextIndex() {
    next = (next + 1) % frames.size();
    clock += 1000;
    return next;
  }

  /** Decoded frame to Mat (JavaCV wraps, no copy) plus the downscale to grey for the motion gate. */
  @Benchmark
  public Mat convert() {
    Mat m = converter.convert(rawFrames.get(nextIndex()));
    gate.convert(m);
    return m;
  }

  @Benchmark
  public double motionGate() {
    gate.convert(frames.get(nextIndex()));
    return gate.apply();
  }

  /** Letterbox into 416x416, forward (OpenCV DNN), decode and NMS: the baseline. */
  @Benchmark
  public List<Detection> baselineSquarePass() {
    return openCvDetector.detect(squares.get(nextIndex()), null);
  }

  /** The baseline's square input, forward on ONNX Runtime. */
  @Benchmark
  public List<Detection> baselineSquarePassOnnxRuntime() {
    return detector.detect(squares.get(nextIndex()), null);
  }

  /** Vigil's whole-frame pass at the frame's own aspect ratio, forward on ONNX Runtime (the default). */
  @Benchmark
  public List<Detection> detectorPass() {
    return detector.detect(frames.get(nextIndex()), null);
  }

  /** The same pass, forward on OpenCV DNN. */
  @Benchmark
  public List<Detection> detectorPassOpenCv() {
    return openCvDetector.detect(frames.get(nextIndex()), null);
  }

  @Benchmark
  public int trackerUpdate() {
    int i = nextIndex();
    // The gate holds whichever frame it converted last; probing it costs the same for any frame.
    tracker.update(detections.get(i), clock, gate, 1280, 720);
    return tracker.confirmed().size();
  }

  /** The whole pipeline on a busy scene: motion on every frame, so the detector runs each time. */
  @Benchmark
  public FrameAnalysis analyzeWithDetector() {
    return gated.analyze(frames.get(nextIndex()), clock);
  }

  /** The whole pipeline when the gate skips the detector and the tracker predicts. */
  @Benchmark
  public FrameAnalysis analyzeWithoutDetector() {
    return idle.analyze(frames.get(nextIndex()), clock);
  }

  public static void main(String[] args) throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.include(AnalyticsBench.class.getSimpleName() + (args.length > 0 ? "\\." + args[0] : ""));
    options.jvmArgsAppend("-Dvigil.shared=" + System.getProperty("vigil.shared", "../shared"),
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
            System.getProperty("user.home") + "/.cache/vigil/javacpp"));
    new Runner(options.build()).run();
  }
}
