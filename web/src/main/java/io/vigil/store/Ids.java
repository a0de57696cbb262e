package io.vigil.store;

import java.util.regex.Pattern;

/** The shape of camera, zone and user ids, checked where records are made so bad ids fail early. */
final class Ids {
  static final int MAX_TEXT = 4000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  private Ids() {}

  static String require(String id, String what) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(what + " must be 1-128 characters of letters, digits, '_', '.', ':' or '-' starting with a letter or digit, was " + (id == null ? "null" : "'" + abbreviate(id) + "'"));
    }
    return id;
  }

  static String optional(String id, String what) {
    return id == null ? null : require(id, what);
  }

  static String text(String s, String what) {
    if (s != null && s.length() > MAX_TEXT) {
      throw new IllegalArgumentException(what + " must be at most " + MAX_TEXT + " characters, was " + s.length());
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
