package io.vigil.ingest.impl;

import io.vigil.ingest.config.StreamSource;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The URL FFmpeg opens: the configured one with the user and the resolved password put in. */
final class ConnectUrl {
  private ConnectUrl() {}

  static String of(StreamSource.Rtsp source, String password) {
    URI uri = source.uri();
    String user = source.credentials().username();
    if (user == null) return uri.toString();
    // Percent-encoded, so that a password holding '@', ':' or '/' cannot change the host FFmpeg
    // connects to.
    StringBuilder s = new StringBuilder(uri.getScheme()).append("://").append(encode(user));
    if (password != null) s.append(':').append(encode(password));
    s.append('@').append(uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1));
    if (uri.getRawPath() != null) s.append(uri.getRawPath());
    if (uri.getRawQuery() != null) s.append('?').append(uri.getRawQuery());
    return s.toString();
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
