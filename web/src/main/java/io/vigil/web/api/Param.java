package io.vigil.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A query parameter as the OpenAPI document declares it. Whole-number parameters are read through
 * {@link #integer(RoutingContext)}, which applies the default and bounds the document states.
 */
record Param(String name, String description, JsonObject schema) {
  private static final String DEFAULT = "default";
  private static final String MINIMUM = "minimum";
  private static final String MAXIMUM = "maximum";

  Param {
    schema = schema.copy();
  }

  static Param text(String name, String description) {
    return new Param(name, description, Schemas.string());
  }

  static Param id(String name, String description) {
    return new Param(name, description, Schemas.id());
  }

  static Param instant(String name, String description) {
    return new Param(name, description, Schemas.dateTime());
  }

  static Param oneOf(String name, String description, List<String> values) {
    return new Param(name, description, Schemas.string().put("enum", new JsonArray(values)));
  }

  static Param integer(String name, String description, int dflt, int min, int max) {
    return new Param(name, description, new JsonObject().put("type", "integer").put("format", "int32")
        .put(DEFAULT, dflt).put(MINIMUM, min).put(MAXIMUM, max));
  }

  /** The parameter's value within the declared bounds; 400 when outside or not a whole number. */
  int integer(RoutingContext ctx) {
    return Input.integer(name, ctx.request().getParam(name), schema.getInteger(DEFAULT), schema.getInteger(MINIMUM),
        schema.getInteger(MAXIMUM));
  }

  JsonObject json() {
    return new JsonObject().put("name", name).put("in", "query").put("required", false)
        .put("description", description).put("schema", schema.copy());
  }
}
