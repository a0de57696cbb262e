/**
 * Recorded video around the recorder ({@code io.vigil.ingest.record}): indexing finished segments,
 * retention (age and disk budget, never an unresolved alert's clip), the start-up check that keeps
 * files and rows in step, and what playback needs (an alert's clip, a camera's timeline, a file).
 */
package io.vigil.recordings;
