package io.vigil.config;

import io.vigil.analytics.DetectorRuntime;
import java.nio.file.Path;

/**
 * The person detector shared by all cameras.
 *
 * @param model          ONNX model file; null or missing means the HOG fallback
 * @param scoreThreshold detections below this score are discarded before tracking
 * @param runtime        what runs the model: ONNX Runtime (default) or OpenCV DNN
 */
public record DetectorSettings(Path model, double scoreThreshold, DetectorRuntime runtime) {}
