/**
 * Camera ingest: one worker per camera pulls its stream (RTSP over TCP, or a replayed file), decodes
 * only what the analytics needs and hands its pictures (YUV as decoded; BGR made on first use) to a
 * {@link io.vigil.ingest.FrameProcessor}.
 *
 * <p>Threads: each camera is a verticle whose timer (on its event loop) measures, watches and
 * publishes status; its blocking grab loop runs on a dedicated thread {@code vigil-grab-<id>}; frames
 * cross to a pool of {@code vigil-analytics-<n>} threads (one per core by default) through a bounded
 * per-camera queue that drops the oldest frame. FFmpeg's log is routed process-wide through
 * System.Logger once a {@link io.vigil.ingest.CameraManager} is created.
 *
 * <p>Entry point: {@link io.vigil.ingest.CameraManager#create}.
 */
package io.vigil.ingest;
