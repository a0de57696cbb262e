package io.vigil.config;

/**
 * Where the web viewer and API listen.
 *
 * @param bind     the address to bind; loopback by default so that a first start exposes nothing
 * @param httpPort 0 picks a free port (tests)
 * @param mapTiles  slippy-map tile URL template ({z}/{x}/{y}) for the site map; null draws a plain plot
 *                  of the coordinates, which needs no network
 */
public record ServerSettings(String bind, int httpPort, String mapTiles) {
  public static final ServerSettings DEFAULT = new ServerSettings("127.0.0.1", 8080, null);
}
