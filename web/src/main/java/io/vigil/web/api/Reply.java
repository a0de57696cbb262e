package io.vigil.web.api;

/**
 * What an operation answers when it succeeds.
 *
 * @param schema     the name under {@code components/schemas} of a JSON answer; null for other media types
 * @param mediaType  null when the answer has no body
 */
record Reply(int status, String description, String mediaType, String schema) {
  static final String JSON = "application/json";
  static final int SWITCHING_PROTOCOLS = 101;

  static Reply json(String description, ObjectSchema schema) {
    return new Reply(200, description, JSON, schema.name());
  }

  /** JSON whose shape this document does not constrain. */
  static Reply anyJson(String description) {
    return new Reply(200, description, JSON, null);
  }

  static Reply json(int status, String description, ObjectSchema schema) {
    return new Reply(status, description, JSON, schema.name());
  }

  static Reply created(String description, ObjectSchema schema) {
    return new Reply(201, description, JSON, schema.name());
  }

  static Reply noContent(String description) {
    return new Reply(204, description, null, null);
  }

  static Reply jpeg(String description) {
    return new Reply(200, description, "image/jpeg", null);
  }

  static Reply mp4(String description) {
    return new Reply(200, description, "video/mp4", null);
  }

  static Reply eventStream(String description) {
    return new Reply(200, description, "text/event-stream", null);
  }

  static Reply prometheus(String description) {
    return new Reply(200, description, "text/plain", null);
  }

  /** A WebSocket: what OpenAPI 3.0 cannot describe, so the document lists it under {@code x-websockets}. */
  static Reply webSocket(String description) {
    return new Reply(SWITCHING_PROTOCOLS, description, null, null);
  }

  boolean upgrades() {
    return status == SWITCHING_PROTOCOLS;
  }
}
