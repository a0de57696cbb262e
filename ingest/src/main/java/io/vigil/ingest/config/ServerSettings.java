package io.vigil.ingest.config;

/**
 * Where the web viewer and API listen.
 *
 * @param bind     the address to bind; loopback by default so that a first start exposes nothing
 * @param httpPort 0 picks a free port (tests)
 */
public record ServerSettings(String bind, int httpPort) {
  public static final ServerSettings DEFAULT = new ServerSettings("127.0.0.1", 8080);
}
