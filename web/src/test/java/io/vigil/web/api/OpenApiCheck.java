package io.vigil.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Checks an answer the server gave against what the OpenAPI document says of its operation: the status
 * is declared, and a JSON body has the declared schema. Covers the part of JSON Schema the document
 * uses (references, allOf, types, nullable, required, enum, closed objects, arrays, formats).
 */
final class OpenApiCheck {
  private final JsonObject doc;

  OpenApiCheck(JsonObject doc) {
    this.doc = doc;
  }

  /** The operation of a route key such as {@code GET /api/v1/cameras/:id}, from paths or x-websockets. */
  JsonObject operation(String key) {
    String method = key.substring(0, key.indexOf(' ')).toLowerCase(Locale.ROOT);
    String path = OpenApi.openApiPath(key.substring(key.indexOf(' ') + 1));
    for (String section : List.of("paths", "x-websockets")) {
      JsonObject paths = doc.getJsonObject(section, new JsonObject());
      if (paths.containsKey(path) && paths.getJsonObject(path).containsKey(method)) {
        return paths.getJsonObject(path).getJsonObject(method);
      }
    }
    throw new AssertionError("not documented: " + key);
  }

  /** What is wrong with the answer, or null when the document describes it. */
  String problem(String key, int status, String contentType, String body) {
    JsonObject response = operation(key).getJsonObject("responses").getJsonObject(Integer.toString(status));
    if (response == null) return key + " gave " + status + ", which the document does not declare";
    response = resolve(response);
    if (contentType == null || !contentType.startsWith(Reply.JSON)) return null;
    JsonObject content = response.getJsonObject("content");
    if (content == null || !content.containsKey(Reply.JSON)) {
      return key + " gave JSON with " + status + ", for which the document declares none";
    }
    String wrong = check(content.getJsonObject(Reply.JSON).getJsonObject("schema"), new JsonObject(body), "$");
    return wrong == null ? null : key + " (" + status + "): " + wrong;
  }

  private JsonObject resolve(JsonObject o) {
    while (o.containsKey("$ref")) {
      String[] parts = o.getString("$ref").substring(2).split("/");
      JsonObject at = doc;
      for (String p : parts) at = at.getJsonObject(p);
      o = at;
    }
    return o;
  }

  private String check(JsonObject schema, Object value, String at) {
    schema = resolve(schema);
    if (value == null) return schema.getBoolean("nullable", false) ? null : at + " is null";
    // The document's allOf holds one schema, to make a reference nullable: that schema is the whole check.
    if (schema.containsKey("allOf")) {
      for (Object s : schema.getJsonArray("allOf")) {
        String wrong = check((JsonObject) s, value, at);
        if (wrong != null) return wrong;
      }
      return null;
    }
    String type = schema.getString("type");
    if (type == null) return null;
    switch (type) {
      case "object" -> {
        if (!(value instanceof JsonObject o)) return at + " is not an object";
        return object(schema, o, at);
      }
      case "array" -> {
        if (!(value instanceof JsonArray a)) return at + " is not an array";
        for (int i = 0; i < a.size(); i++) {
          String wrong = check(schema.getJsonObject("items"), a.getValue(i), at + "[" + i + "]");
          if (wrong != null) return wrong;
        }
        return null;
      }
      case "string" -> {
        if (!(value instanceof String s)) return at + " is not a string";
        return string(schema, s, at);
      }
      case "integer" -> {
        return value instanceof Integer || value instanceof Long ? null : at + " is not a whole number";
      }
      case "number" -> {
        return value instanceof Number ? null : at + " is not a number";
      }
      case "boolean" -> {
        return value instanceof Boolean ? null : at + " is not true or false";
      }
      default -> {
        return at + " has a type this check does not know: " + type;
      }
    }
  }

  /** Objects are strict both ways: a field the document does not name is one it forgot, unless it says "any". */
  private String object(JsonObject schema, JsonObject o, String at) {
    JsonObject props = schema.getJsonObject("properties", new JsonObject());
    for (Object r : schema.getJsonArray("required", new JsonArray())) {
      if (!o.containsKey((String) r)) return at + "." + r + " is missing";
    }
    Object others = schema.getValue("additionalProperties");
    for (String field : o.fieldNames()) {
      String wrong = null;
      if (props.containsKey(field)) {
        wrong = check(props.getJsonObject(field), o.getValue(field), at + "." + field);
      } else if (others instanceof JsonObject valueSchema) {
        wrong = check(valueSchema, o.getValue(field), at + "." + field);
      } else if (!Boolean.TRUE.equals(others)) {
        wrong = at + "." + field + " is not in the schema";
      }
      if (wrong != null) return wrong;
    }
    return null;
  }

  private static String string(JsonObject schema, String s, String at) {
    if (schema.containsKey("enum") && !schema.getJsonArray("enum").contains(s)) return at + " is not one of the enum";
    String format = schema.getString("format");
    try {
      if ("date-time".equals(format)) Instant.parse(s);
      if ("uuid".equals(format)) UUID.fromString(s);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return at + " is not a " + format;
    }
    return null;
  }
}
