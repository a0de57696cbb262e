package io.vigil.web.impl;

import io.vertx.core.json.JsonObject;

/**
 * A request refused with a status and a stable machine-readable code. The message is written for the
 * person making the request and never echoes secrets or the offending input.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request", message);
  }

  static ApiError notFound() {
    return new ApiError(404, "not_found", "no such resource");
  }

  static ApiError forbidden() {
    return new ApiError(403, "forbidden", "your role does not allow this");
  }

  static ApiError unauthenticated() {
    return new ApiError(401, "unauthenticated", "sign in or present an API token");
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  JsonObject body() {
    return body(code, getMessage());
  }

  static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }
}
