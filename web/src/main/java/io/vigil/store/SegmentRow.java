package io.vigil.store;

import java.time.Instant;

/**
 * One recorded segment as indexed (migration V300).
 *
 * @param path  the file, relative to the recordings directory
 * @param node  the cluster node whose disk holds the file, null on a single node
 */
public record SegmentRow(String cameraId, Instant start, Instant end, long bytes, String path, int keyframeOffsetMillis,
    String node) {}
