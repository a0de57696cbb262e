package io.vigil.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one check of a camera's stream URL, shared by {@code cameras.yml} and the registration API so
 * that both accept exactly the same URLs.
 */
public final class StreamUrls {
  private StreamUrls() {}

  /**
   * The URL as an RTSP(S) URI. Throws {@link IllegalArgumentException} whose message completes the
   * sentence "url ..." and never repeats the input: a refused URL may hold a password.
   */
  public static URI rtsp(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
      throw new IllegalArgumentException("must use rtsp:// or rtsps://");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not contain user or password; give them as username and password");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) throw new IllegalArgumentException("has no host");
    if (uri.getPort() > 65535) throw new IllegalArgumentException("has an invalid port");
    return uri;
  }
}
