package io.vigil.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema of one JSON object of the API, as it appears under {@code components/schemas}. Request
 * handlers take their field names from it ({@link #fieldNames()}), so that a field the document does
 * not list is refused and one it lists is accepted.
 *
 * @param closed true when other fields are refused (requests); responses may grow new fields
 */
record ObjectSchema(String name, List<Property> properties, boolean closed) {
  /** @param required present in every body; in responses a required property may still be null where its schema says so */
  record Property(String name, boolean required, JsonObject schema) {
    Property {
      schema = schema.copy();
    }
  }

  ObjectSchema {
    properties = List.copyOf(properties);
  }

  static ObjectSchema named(String name) {
    return new ObjectSchema(name, List.of(), false);
  }

  ObjectSchema required(String field, JsonObject schema) {
    return with(new Property(field, true, schema));
  }

  ObjectSchema optional(String field, JsonObject schema) {
    return with(new Property(field, false, schema));
  }

  /** Refuses fields it does not list. */
  ObjectSchema strict() {
    return new ObjectSchema(name, properties, true);
  }

  /** Another schema with this one's properties and more, named {@code name}. */
  ObjectSchema extendedAs(String name) {
    return new ObjectSchema(name, properties, closed);
  }

  Set<String> fieldNames() {
    Set<String> names = new LinkedHashSet<>();
    properties.forEach(p -> names.add(p.name()));
    return names;
  }

  JsonObject json() {
    JsonObject props = new JsonObject();
    List<String> required = new ArrayList<>();
    for (Property p : properties) {
      props.put(p.name(), p.schema().copy());
      if (p.required()) required.add(p.name());
    }
    JsonObject o = new JsonObject().put("type", "object").put("properties", props);
    // OpenAPI 3.0 does not allow an empty required list.
    if (!required.isEmpty()) o.put("required", new JsonArray(required));
    if (closed) o.put("additionalProperties", false);
    return o;
  }

  private ObjectSchema with(Property p) {
    List<Property> more = new ArrayList<>(properties);
    more.add(p);
    return new ObjectSchema(name, more, closed);
  }
}
