package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.Credentials;
import io.vigil.config.StreamSource;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectUrlTest {

  @Test
  void withoutCredentialsTheUrlIsUnchanged() {
    StreamSource.Rtsp s = new StreamSource.Rtsp(URI.create("rtsp://10.1.2.3:554/sub?ch=1"), Credentials.none());
    assertEquals("rtsp://10.1.2.3:554/sub?ch=1", ConnectUrl.of(s, null, null));
  }

  @Test
  void aPasswordWithUrlCharactersCannotRedirectTheConnection() {
    StreamSource.Rtsp s = new StreamSource.Rtsp(URI.create("rtsp://10.1.2.3:554/sub?ch=1"),
        Credentials.literal("op er", "p@ss:w/rd"));
    assertEquals("rtsp://op%20er:p%40ss%3Aw%2Frd@10.1.2.3:554/sub?ch=1", ConnectUrl.of(s, "p@ss:w/rd", null));
  }

  @Test
  void aCheckedAddressReplacesTheNameSoItIsNotResolvedAgain() throws Exception {
    StreamSource.Rtsp s = new StreamSource.Rtsp(URI.create("rtsp://cam.example:8554/main"),
        Credentials.literal("op", "pw"));
    assertEquals("rtsp://op:pw@10.9.8.7:8554/main", ConnectUrl.of(s, "pw", InetAddress.getByName("10.9.8.7")));
    StreamSource.Rtsp noPort = new StreamSource.Rtsp(URI.create("rtsps://cam.example/main"), Credentials.none());
    assertEquals("rtsps://[fd00:0:0:0:0:0:0:10]/main", ConnectUrl.of(noPort, null, InetAddress.getByName("fd00::10")));
  }
}
