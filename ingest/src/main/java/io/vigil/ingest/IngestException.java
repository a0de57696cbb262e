package io.vigil.ingest;

/** A stream that cannot be used, with a message fit for the camera's status (no credentials). */
final class IngestException extends Exception {
  IngestException(String message) {
    super(message);
  }
}
