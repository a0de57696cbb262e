package io.vigil.analytics;

/**
 * A confirmed track on the analysed frame.
 *
 * @param box   normalised to 0..1 of the frame; predicted by the tracker when the detector did not
 *              run or missed the object on this frame
 * @param score the score of the detection that last updated the track
 */
public record TrackedObject(long trackId, ObjectClass objectClass, Box box, double score) {}
