package io.vigil.analytics;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime session per model file for the whole process, created on first use. Sessions are
 * thread-safe and are never closed: like the model file, they serve every camera until the JVM ends.
 * Any thread.
 */
final class OrtSessions {
  /**
   * Threads inside one run. The analytics pool already has one thread per core and each calls
   * {@code run} on the shared session, so with 1 thread per run the pool's N concurrent runs use N
   * cores; more would put 2N busy threads on N cores. Measured 2026-12-03 on the 2-core machine, one
   * 416x416 pass: 19.4 ms on 1 thread, 22.2 ms on 2 (the second thread only contended).
   */
  private static final int INTRA_OP_THREADS = 1;
  /** YOLOX is one chain of layers: there are no independent branches for a second thread to run. */
  private static final int INTER_OP_THREADS = 1;

  private final Map<Path, OrtSession> sessions = new ConcurrentHashMap<>();

  OrtSession forModel(Path model) {
    return sessions.computeIfAbsent(model.toAbsolutePath().normalize(), OrtSessions::open);
  }

  private static OrtSession open(Path model) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(INTRA_OP_THREADS);
      options.setInterOpNumThreads(INTER_OP_THREADS);
      byte[] bytes = OnnxShapes.freeSpatialDimensions(Files.readAllBytes(model));
      return OrtEnvironment.getEnvironment().createSession(bytes, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read detector model " + model, e);
    } catch (OrtException | IllegalArgumentException e) {
      throw new IllegalStateException("ONNX Runtime cannot load detector model " + model + ": " + e.getMessage(), e);
    }
  }
}
