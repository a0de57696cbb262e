package io.vigil.ingest;

import io.vigil.config.StreamSource;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The URL FFmpeg opens: the configured one with the user and the resolved password put in. Public for
 * the live remux ({@code io.vigil.ingest.live}), which opens its own connection.
 */
public final class ConnectUrl {
  private ConnectUrl() {}

  /**
   * @param address the already checked address to connect to in place of the URL's host, so that
   *                FFmpeg does not resolve the name again; null to keep the host
   */
  public static String of(StreamSource.Rtsp source, String password, InetAddress address) {
    URI uri = source.uri();
    String user = source.credentials().username();
    String hostPort = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
    if (address != null) hostPort = literal(address) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    StringBuilder s = new StringBuilder(uri.getScheme()).append("://");
    if (user != null) {
      // Percent-encoded, so that a password holding '@', ':' or '/' cannot change the host FFmpeg
      // connects to.
      s.append(encode(user));
      if (password != null) s.append(':').append(encode(password));
      s.append('@');
    }
    s.append(hostPort);
    if (uri.getRawPath() != null) s.append(uri.getRawPath());
    if (uri.getRawQuery() != null) s.append('?').append(uri.getRawQuery());
    return s.toString();
  }

  /**
   * A grabber for an RTSP camera with the options every connection needs, connecting to {@code address}
   * (already checked against the address policy) when one is given. Every camera connection Vigil opens
   * (ingest, live video, probes) is made here, after the {@link ConnectionGuard} admitted it.
   *
   * @param purpose what connects, for the guard's log ("camera gate-north", "probe")
   * @throws ConnectException when the guard refuses the destination (tests allow loopback only)
   */
  public static FFmpegFrameGrabber grabber(String purpose, StreamSource.Rtsp source, String password,
      InetAddress address, String transport, long timeoutMicros) throws ConnectException {
    InetAddress admitted = ConnectionGuard.destination(purpose, source.uri().getHost(), address);
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(of(source, password, admitted));
    grabber.setOption("rtsp_transport", transport);
    // Socket timeout for connect and every read, in microseconds (FFmpeg 5+ ignores "stimeout").
    grabber.setOption("timeout", Long.toString(timeoutMicros));
    return grabber;
  }

  private static String literal(InetAddress a) {
    if (!(a instanceof Inet6Address)) return a.getHostAddress();
    try {
      // Without its scope: "%eth0" would have to be escaped in a URL, and link-local is refused anyway.
      return "[" + InetAddress.getByAddress(a.getAddress()).getHostAddress() + "]";
    } catch (UnknownHostException e) {
      throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
    }
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
