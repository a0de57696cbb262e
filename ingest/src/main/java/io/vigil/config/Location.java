package io.vigil.config;

/** WGS84 position of a camera, for the site map. */
public record Location(double lat, double lon) {
  public Location {
    if (!(lat >= -90 && lat <= 90)) throw new IllegalArgumentException("lat must be within [-90, 90]");
    if (!(lon >= -180 && lon <= 180)) throw new IllegalArgumentException("lon must be within [-180, 180]");
  }
}
