package io.vigil.analytics;

/**
 * Counts for one zone on one frame.
 *
 * @param current      people whose feet are in the zone now
 * @param smoothed     exponentially smoothed count, the value capacity rules look at
 * @param peopleIn     people that crossed the zone's counting line inwards since the analyzer started
 * @param peopleOut    people that crossed it outwards
 * @param vehiclesIn   vehicles (car, motorcycle, bus, truck) that crossed it inwards
 * @param vehiclesOut  vehicles that crossed it outwards
 */
public record ZoneCount(
    String zoneId, int current, double smoothed, long peopleIn, long peopleOut, long vehiclesIn, long vehiclesOut) {}
