package io.vigil.ingest;

import io.vigil.ingest.config.StreamSource;
import java.util.Map;

/**
 * Opens a camera's stream once, before the camera is accepted, and measures it: codec, size, frame
 * rate and keyframe interval. The address is checked with the options' {@link StreamAddressPolicy}
 * and the connection goes to the checked address.
 */
public interface StreamProbe {

  /**
   * @param env where password references are resolved (the process environment in production)
   */
  static StreamProbe create(IngestOptions options, Map<String, String> env) {
    return new StreamProber(options, env);
  }

  /**
   * Blocks for up to the stream timeout plus a few seconds of sampling: call it from a worker thread.
   * Throws {@link StreamCheckException} with a masked, human-readable reason when the address is not
   * allowed or the stream cannot be opened, read, or carries no video.
   */
  StreamInfo probe(StreamSource.Rtsp source) throws StreamCheckException;

  /**
   * Only the address check of {@link #probe}, without connecting: for a camera registered disabled,
   * which must not be dialled. Blocks on DNS: call it from a worker thread.
   */
  void checkAddress(StreamSource.Rtsp source) throws StreamCheckException;
}
