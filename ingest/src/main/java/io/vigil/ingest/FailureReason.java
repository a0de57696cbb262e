package io.vigil.ingest;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a camera connection failed, in the words an operator uses ("connection refused", "timed out",
 * "authentication failed (401 Unauthorized)"), read from FFmpeg's last lines and JavaCV's exception.
 * JavaCV's message is written for developers ("avformat_open_input() error -111: Could not open input
 * ... (Has setFormat() been called?)") and names the URL; neither belongs in a status or a log line.
 * Public for the live remux ({@code io.vigil.ingest.live}). Stateless.
 */
public final class FailureReason {
  // FFmpeg's AVERROR(errno) and tags, as JavaCV prints them ("error -111").
  private static final Pattern ERROR_NUMBER = Pattern.compile("error (-?\\d+)");
  // "rtsp: method DESCRIBE failed: 401Unauthorized" (FFmpeg 8 prints no space): anchored on "method",
  // since ports and paths hold digits too.
  private static final Pattern RTSP_STATUS = Pattern.compile("method \\w+ failed: ([45]\\d\\d) ?([A-Za-z][A-Za-z ]*)");
  private static final Pattern JAVACV_HINT = Pattern.compile("\\s*\\(Has setFormat\\(\\) been called\\?\\)");
  private static final Pattern QUOTED_URL = Pattern.compile("\"[a-z][a-z0-9+.-]*://[^\"]*\"");

  // AVERROR_HTTP_UNAUTHORIZED, _FORBIDDEN, _NOT_FOUND: FFERRTAG(0xF8, '4', '0', 'x').
  private static final int HTTP_401 = -0x313034F8;
  private static final int HTTP_403 = -0x333034F8;
  private static final int HTTP_404 = -0x343034F8;

  private FailureReason() {}

  /**
   * @param ffmpegLines what FFmpeg logged for this attempt, oldest first (may be empty)
   * @param error       the exception's message, or null
   * @param password    the camera's password, masked wherever it might appear; may be null
   */
  public static String of(List<String> ffmpegLines, String error, String password) {
    String all = (String.join("\n", ffmpegLines) + "\n" + (error == null ? "" : error)).toLowerCase(Locale.ROOT);
    Matcher status = RTSP_STATUS.matcher(String.join("\n", ffmpegLines));
    String rtspStatus = null;
    while (status.find()) rtspStatus = status.group(1) + " " + status.group(2).strip();
    Matcher n = ERROR_NUMBER.matcher(all);
    int errno = n.find() ? parse(n.group(1)) : 0;
    if (errno == HTTP_401 && rtspStatus == null) rtspStatus = "401 Unauthorized";
    if (errno == HTTP_403 && rtspStatus == null) rtspStatus = "403 Forbidden";
    if (errno == HTTP_404 && rtspStatus == null) rtspStatus = "404 Not Found";
    if ((rtspStatus != null && rtspStatus.startsWith("401")) || all.contains("unauthorized")) {
      return "authentication failed (" + (rtspStatus != null ? rtspStatus : "401 Unauthorized") + ")";
    }
    if (rtspStatus != null && rtspStatus.startsWith("403")) return "access forbidden (" + rtspStatus + ")";
    if (rtspStatus != null && rtspStatus.startsWith("404")) return "no such stream on the camera (" + rtspStatus + ")";
    if (rtspStatus != null) return "the camera refused the request (" + rtspStatus + ")";
    if (all.contains("connection refused") || errno == -111) return "connection refused";
    if (all.contains("no route to host") || errno == -113) return "no route to host";
    if (all.contains("network is unreachable") || errno == -101) return "network unreachable";
    // Not "timeout": FFmpeg's URLs carry "?timeout=5000000".
    if (all.contains("timed out") || errno == -110) return "timed out";
    if (all.contains("name or service not known") || all.contains("failed to resolve")
        || all.contains("temporary failure in name resolution")) {
      return "host not found";
    }
    if (all.contains("refused by the network guard")) return "refused by the network guard (not loopback)";
    if (all.contains("connection reset")) return "connection reset by the camera";
    if (all.contains("invalid data") || errno == -1094995529) return "invalid data (not an RTSP/H.264 stream?)";
    String last = ffmpegLines.isEmpty() ? error : ffmpegLines.get(ffmpegLines.size() - 1);
    return clean(last == null ? "unknown failure" : last, password);
  }

  /** A message stripped of JavaCV's advice to developers and of URLs, with credentials masked. */
  public static String clean(String message, String password) {
    String s = JAVACV_HINT.matcher(message).replaceAll("");
    s = QUOTED_URL.matcher(s).replaceAll("the stream");
    return CredentialMask.mask(s.strip(), password);
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
