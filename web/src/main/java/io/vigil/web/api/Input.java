package io.vigil.web.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.web.ApiError;
import java.text.Normalizer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request validation. Every check throws {@link ApiError} (400) naming the field and the rule, in its
 * message and as {@link ApiError#field()}, never repeating the value, so that nothing is acted on until
 * the whole request has passed.
 */
final class Input {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Input() {}

  /** The body as a JSON object; anything else (empty, malformed, an array) is refused. */
  static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) throw new ApiError(400, "malformed_json", "a JSON object body is required");
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ApiError(400, "malformed_json", "the body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject)) throw new ApiError(400, "malformed_json", "the body must be a JSON object");
    return (JsonObject) parsed;
  }

  /** Refuses fields the endpoint does not know, so that a typo is not silently ignored. */
  static void onlyFields(JsonObject o, Set<String> allowed) {
    for (String k : o.fieldNames()) {
      if (!allowed.contains(k)) throw ApiError.invalid(printable(k), "unknown field '" + printable(k) + "'");
    }
  }

  /**
   * A text field, NFC-normalised. Refused: a non-string, blank when required, longer than {@code max}
   * code points, control characters (line breaks only where {@code multiline}), bidirectional and other
   * invisible format characters, lone surrogates and non-characters.
   *
   * @return the normalised text, or null when optional and absent
   */
  static String text(JsonObject o, String field, int max, boolean required, boolean multiline) {
    Object v = o.getValue(field);
    if (v == null) {
      if (required) throw ApiError.invalid(field, field + " is required");
      return null;
    }
    if (!(v instanceof String)) throw ApiError.invalid(field, field + " must be a string");
    return text(field, (String) v, max, required, multiline);
  }

  static String text(String field, String raw, int max, boolean required, boolean multiline) {
    String problem = textProblem(raw, max, multiline);
    if (problem != null) throw ApiError.invalid(field, field + " " + problem);
    String s = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
    if (required && s.isEmpty()) throw ApiError.invalid(field, field + " must not be blank");
    return s;
  }

  /** Why a text is refused, or null when it is acceptable. */
  static String textProblem(String s, int max, boolean multiline) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return "contains a broken character (lone surrogate)";
      }
      if (Character.isLowSurrogate(c)) return "contains a broken character (lone surrogate)";
      if (c == '\n' || c == '\t') {
        if (!multiline) return "must be a single line";
        continue;
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL) return "must not contain control characters";
      // Bidi overrides and isolates (Trojan Source), zero-width characters and other invisible formatting.
      if (type == Character.FORMAT) return "must not contain invisible formatting characters";
      if (type == Character.UNASSIGNED || (c >= '\uFDD0' && c <= '\uFDEF') || c == '\uFFFE' || c == '\uFFFF') {
        return "contains a character that is not assigned";
      }
      if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) return "must be a single line";
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFC);
    if (n.codePointCount(0, n.length()) > max) return "must be at most " + max + " characters";
    return null;
  }

  static String id(JsonObject o, String field, boolean required) {
    Object v = o.getValue(field);
    if (v == null) {
      if (required) throw ApiError.invalid(field, field + " is required");
      return null;
    }
    if (!(v instanceof String)) throw ApiError.invalid(field, field + " must be a string");
    return id(field, (String) v);
  }

  static String id(String field, String v) {
    if (!ID.matcher(v).matches()) {
      throw ApiError.invalid(field, field + " must be 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
    }
    return v;
  }

  static double number(JsonObject o, String field, double min, double max) {
    return number(o, field, field, min, max);
  }

  /**
   * A number read from {@code o}'s key {@code field}, named {@code name} in errors: a nested object's
   * field is read by its own key and reported by its path ("location.lat").
   */
  static double number(JsonObject o, String field, String name, double min, double max) {
    Object v = o.getValue(field);
    if (!(v instanceof Number)) throw ApiError.invalid(name, name + " must be a number");
    double d = ((Number) v).doubleValue();
    if (!(d >= min && d <= max)) throw ApiError.invalid(name, name + " must be between " + min + " and " + max);
    return d;
  }

  static int integer(String field, String raw, int dflt, int min, int max) {
    if (raw == null) return dflt;
    int v;
    try {
      v = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(field, field + " must be a whole number");
    }
    if (v < min || v > max) throw ApiError.invalid(field, field + " must be between " + min + " and " + max);
    return v;
  }

  static Instant instant(String field, String raw, Instant dflt) {
    if (raw == null) return dflt;
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(field, field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  static JsonArray array(JsonObject o, String field, int maxItems) {
    Object v = o.getValue(field);
    if (!(v instanceof JsonArray)) throw ApiError.invalid(field, field + " must be an array");
    JsonArray a = (JsonArray) v;
    if (a.size() > maxItems) throw ApiError.invalid(field, field + " must have at most " + maxItems + " items");
    return a;
  }

  static UUID uuid(String field, String raw) {
    if (raw == null || !UUID_TEXT.matcher(raw).matches()) throw ApiError.notFound();
    return UUID.fromString(raw);
  }

  /**
   * A snapshot reference: a relative path of plain names. Refuses absolute paths, {@code ..}, empty
   * segments, backslashes, encoded or odd characters, before any file system call sees it.
   */
  static String snapshotRef(String ref) {
    if (ref == null || ref.isEmpty() || ref.length() > 255) throw new IllegalArgumentException("bad snapshot reference");
    for (String seg : ref.split("/", -1)) {
      if (!SEGMENT.matcher(seg).matches() || seg.contains("..")) {
        throw new IllegalArgumentException("bad snapshot reference");
      }
    }
    return ref;
  }

  /** A key or value made safe to mention in a message: at most 40 plain ASCII characters. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(40).forEach(cp -> b.append(cp >= 0x20 && cp < 0x7f ? (char) cp : '?'));
    return b.toString();
  }
}
