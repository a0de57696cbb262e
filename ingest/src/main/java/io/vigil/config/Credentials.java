package io.vigil.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A camera's user name and a password reference. The password is resolved from the environment
 * ({@code ${CAM_PASSWORD}}) at connect time, so it is never held in configuration objects that might
 * be logged, serialised or returned. {@link #toString()} never shows it.
 */
public final class Credentials {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final String username;
  private final String passwordRef;
  private final char[] literal;

  private Credentials(String username, String passwordRef, char[] literal) {
    this.username = username;
    this.passwordRef = passwordRef;
    this.literal = literal;
  }

  public static Credentials none() {
    return new Credentials(null, null, null);
  }

  /** A password given as {@code ${VAR}}: looked up in the environment when the stream opens. */
  public static Credentials referenced(String username, String passwordRef) {
    if (passwordRef != null && !REF.matcher(passwordRef).matches()) {
      throw new IllegalArgumentException("password must be a reference such as ${CAM_PASSWORD}");
    }
    return new Credentials(username, passwordRef, null);
  }

  /** A password handed in through the API: kept in memory and in the database, never echoed. */
  public static Credentials literal(String username, String password) {
    return new Credentials(username, null, password == null ? null : password.toCharArray());
  }

  public String username() {
    return username;
  }

  public boolean hasPassword() {
    return passwordRef != null || literal != null;
  }

  /** The environment variable a referenced password comes from, or null. */
  public String passwordRef() {
    return passwordRef;
  }

  /** The password, resolved now; throws with the variable's name (never a value) when it is unset. */
  public String resolvePassword(Map<String, String> env) {
    if (literal != null) return new String(literal);
    if (passwordRef == null) return null;
    Matcher m = REF.matcher(passwordRef);
    if (!m.matches()) throw new IllegalStateException("bad password reference");
    String v = env.get(m.group(1));
    if (v == null) throw new IllegalStateException("environment variable " + m.group(1) + " is not set");
    return v;
  }

  @Override
  public String toString() {
    return username == null ? "Credentials[none]" : "Credentials[" + username + ", password=***]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c && Objects.equals(username, c.username)
        && Objects.equals(passwordRef, c.passwordRef) && Arrays.equals(literal, c.literal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, passwordRef);
  }
}
