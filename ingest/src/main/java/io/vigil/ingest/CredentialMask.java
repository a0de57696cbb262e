package io.vigil.ingest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one place where credentials are removed from text before it is logged, stored or returned:
 * {@code rtsp://user:secret@host} becomes {@code rtsp://user:***@host}. FFmpeg puts the full URL in
 * its error messages and log lines, so every such string passes through here.
 */
final class CredentialMask {
  // Any scheme, then a user part and a password part up to the last '@' before the host. The
  // password may itself hold '@' or ':' when it was not percent-encoded, hence the greedy match
  // bounded by whitespace, quotes and the path.
  private static final Pattern USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^\\s:/@\"']*):[^\\s/\"']*@");

  private CredentialMask() {}

  /** The text with every URL password replaced by {@code ***}; null stays null. */
  public static String mask(String text) {
    if (text == null) return null;
    return USERINFO.matcher(text).replaceAll("$1:***@");
  }

  /**
   * Like {@link #mask(String)}, and also hides every occurrence of a known secret, raw or
   * percent-encoded as it is in a connection URL, in case it appears outside a URL's user part.
   */
  public static String mask(String text, String secret) {
    String masked = mask(text);
    if (masked == null || secret == null || secret.isEmpty()) return masked;
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20");
    return masked.replace(secret, "***").replace(encoded, "***");
  }
}
