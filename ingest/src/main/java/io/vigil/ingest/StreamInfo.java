package io.vigil.ingest;

/**
 * What a probe measured on a camera's stream.
 *
 * @param codec            the video codec's FFmpeg name (h264, hevc, ...)
 * @param fps              frames per second, measured from the packets' timestamps
 * @param keyframeInterval seconds between keyframes, or null when the sample held fewer than two
 *                         (the interval is longer than the sample)
 */
public record StreamInfo(String codec, int width, int height, double fps, Double keyframeInterval) {}
