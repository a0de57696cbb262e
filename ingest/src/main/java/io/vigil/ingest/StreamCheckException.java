package io.vigil.ingest;

/**
 * A camera stream that was refused before use: its address is not allowed, or probing it failed. The
 * code is stable and machine-readable; the message is written for the person registering the camera,
 * with credentials masked.
 */
public final class StreamCheckException extends Exception {
  /** The host name does not resolve. */
  public static final String UNRESOLVABLE_HOST = "unresolvable_host";
  /** The host resolves to an address cameras may not have. */
  public static final String ADDRESS_NOT_ALLOWED = "address_not_allowed";
  /** The stream could not be opened or read, or carries no video. */
  public static final String PROBE_FAILED = "stream_probe_failed";

  private final String code;

  public StreamCheckException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
