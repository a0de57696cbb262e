package io.vigil.web.api;

import io.vigil.ingest.StreamCheckException;

/**
 * The error answers of the API, one per status, each with the stable error body and the codes it
 * carries. The OpenAPI document lists under each operation the ones it can give; AccessControlIT and
 * ApiContractIT fail on a status an operation gives without declaring it.
 */
enum Failure {
  // Any request can be refused before a handler sees it (an undecodable path or query), hence on every operation.
  BAD_REQUEST(400, "BadRequest", "The request is malformed or a field breaks a rule (invalid_request, "
      + "malformed_json, bad_request, websocket_required); the message names the field and the rule"),
  UNAUTHENTICATED(401, "Unauthenticated", "No valid session or API token (unauthenticated), or wrong user name "
      + "or password when signing in (invalid_credentials)"),
  FORBIDDEN(403, "Forbidden", "The caller's role or scope does not allow this (forbidden), a session's "
      + "state-changing request lacks the anti-forgery header (csrf), or the current password is wrong "
      + "(invalid_credentials)"),
  NOT_FOUND(404, "NotFound", "No such resource, or one the caller may not see (not_found, no_frame)"),
  CONFLICT(409, "Conflict", "The request clashes with the current state (conflict, camera_disabled, own_account)"),
  PAYLOAD_TOO_LARGE(413, "PayloadTooLarge", "The body is larger than " + WebVerticle.MAX_BODY_BYTES
      + " bytes (payload_too_large)"),
  UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType", "A body not sent as application/json "
      + "(unsupported_media_type)"),
  UNPROCESSABLE(422, "Unprocessable", "The camera's stream was checked and refused, the code says why ("
      + StreamCheckException.ADDRESS_NOT_ALLOWED + ", " + StreamCheckException.UNRESOLVABLE_HOST + ", "
      + StreamCheckException.PROBE_FAILED + "), or a value was refused by the service behind the API (unprocessable)"),
  TOO_MANY_REQUESTS(429, "TooManyRequests", "Too many failed sign-ins; the Retry-After header says when to "
      + "try again (too_many_attempts)"),
  INTERNAL(500, "Internal", "An unexpected failure; the server log has the details (internal)"),
  // Any protected request can meet it (credentials are checked against the database), and every request
  // whose work needs the database.
  UNAVAILABLE(503, "Unavailable", "The database is unavailable for the moment (database_unavailable): signing "
      + "in, changes and history need it; the Retry-After header says when to try again. Or a recorded segment's "
      + "cluster node cannot give it now (recording_node_unavailable)");

  final int status;
  /** The name under {@code components/responses}. */
  final String component;
  final String description;

  Failure(int status, String component, String description) {
    this.status = status;
    this.component = component;
    this.description = description;
  }
}
