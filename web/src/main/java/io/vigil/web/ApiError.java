package io.vigil.web;

import io.vertx.core.json.JsonObject;

/**
 * A request refused with a status and a stable machine-readable code. The message is written for the
 * person making the request and never echoes secrets or the offending input.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
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

  public JsonObject body() {
    return body(code, getMessage());
  }

  public static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }
}
