package io.vigil.web;

import java.time.Instant;

/**
 * What the viewer shows about a camera's health.
 *
 * @param reason     why the camera is offline (credentials already masked), null when online
 * @param lastFrame  when the last frame arrived, null before the first
 */
public record CameraState(
    String cameraId,
    boolean online,
    String reason,
    double fpsIn,
    double fpsAnalysed,
    long drops,
    long reconnects,
    Instant lastFrame) {}
