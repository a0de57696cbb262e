package io.vigil.web;

import io.vertx.core.json.JsonObject;

/**
 * A request refused with a status and a stable machine-readable code. The message is written for the
 * person making the request and never echoes secrets or the offending input. Where one field of the
 * request is at fault, {@link #field()} names it by its path ("location.lat"), so that a form shows the
 * reason next to that field.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** @param field the request field at fault, by its path, or null when the refusal is about no single field */
  public ApiError(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** A 400 about one field of the request. */
  public static ApiError invalid(String field, String message) {
    return new ApiError(400, "invalid_request", message, field);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request", message);
  }

  public static ApiError notFound() {
    return new ApiError(404, "not_found", "no such resource");
  }

  public static ApiError forbidden() {
    return new ApiError(403, "forbidden", "your role does not allow this");
  }

  public static ApiError unauthenticated() {
    return new ApiError(401, "unauthenticated", "sign in or present an API token");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The request field at fault, or null. */
  public String field() {
    return field;
  }

  public JsonObject body() {
    JsonObject body = body(code, getMessage());
    if (field != null) body.getJsonObject("error").put("field", field);
    return body;
  }

  public static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }
}
