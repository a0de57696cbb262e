package io.vigil.ingest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.ingest.config.Credentials;
import io.vigil.ingest.config.StreamSource;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectUrlTest {

  @Test
  void withoutCredentialsTheUrlIsUnchanged() {
    StreamSource.Rtsp s = new StreamSource.Rtsp(URI.create("rtsp://10.1.2.3:554/sub?ch=1"), Credentials.none());
    assertEquals("rtsp://10.1.2.3:554/sub?ch=1", ConnectUrl.of(s, null));
  }

  @Test
  void aPasswordWithUrlCharactersCannotRedirectTheConnection() {
    StreamSource.Rtsp s = new StreamSource.Rtsp(URI.create("rtsp://10.1.2.3:554/sub?ch=1"),
        Credentials.literal("op er", "p@ss:w/rd"));
    assertEquals("rtsp://op%20er:p%40ss%3Aw%2Frd@10.1.2.3:554/sub?ch=1", ConnectUrl.of(s, "p@ss:w/rd"));
  }
}
