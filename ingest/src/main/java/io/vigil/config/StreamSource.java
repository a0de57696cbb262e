package io.vigil.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a camera's pixels come from: a live RTSP(S) endpoint, or a recorded file replayed at its own
 * frame rate as if it were live (demo cameras and benchmarks).
 *
 * <p>An RTSP URL here never holds a password: credentials are kept apart in {@link Credentials}, with
 * the password as a reference resolved only when the stream is opened.
 */
public sealed interface StreamSource permits StreamSource.Rtsp, StreamSource.Replay {

  /** A value safe to log and return: no credentials in it. */
  String display();

  record Rtsp(URI uri, Credentials credentials) implements StreamSource {
    @Override
    public String display() {
      return uri.toString();
    }
  }

  record Replay(Path file, boolean loop) implements StreamSource {
    @Override
    public String display() {
      return "replay:" + file.getFileName();
    }
  }
}
