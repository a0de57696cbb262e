package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** The one RTSP URL validator: any input is an rtsp(s) URI with a host, or one clear refusal. */
class StreamUrlsTest {

  @Property(tries = 3000)
  void anyTextIsAnRtspUriWithAHostOrRefusedClearly(@ForAll @StringLength(max = 300) String url) {
    check(url);
  }

  @Property(tries = 3000)
  void mutatedUrlsAreAcceptedOnlyWhenWellFormed(@ForAll("mutatedUrls") String url) {
    check(url);
  }

  @Property
  void aPasswordInTheUrlIsRefusedWithoutBeingRepeated(@ForAll("secrets") String secret) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StreamUrls.rtsp("rtsp://admin:" + secret + "@10.0.0.1:554/x"));
    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @Example
  void camerasUrlsAreAccepted() {
    assertEquals(URI.create("rtsp://10.0.0.7:554/sub?ch=1"), StreamUrls.rtsp("rtsp://10.0.0.7:554/sub?ch=1"));
    assertEquals("cam.example", StreamUrls.rtsp("RTSPS://cam.example/main").getHost());
    assertEquals("[fd00::7]", StreamUrls.rtsp("rtsp://[fd00::7]:8554/x").getHost());
    assertEquals("has an invalid port",
        assertThrows(IllegalArgumentException.class, () -> StreamUrls.rtsp("rtsp://10.0.0.1:70000/")).getMessage());
  }

  private static void check(String url) {
    try {
      URI uri = StreamUrls.rtsp(url);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      assertTrue(scheme.equals("rtsp") || scheme.equals("rtsps"), url);
      assertNotNull(uri.getHost(), url);
      assertTrue(uri.getRawUserInfo() == null, url);
      assertTrue(uri.getPort() >= -1 && uri.getPort() <= 65535, url);
    } catch (IllegalArgumentException e) {
      assertNotNull(e.getMessage());
      assertTrue(e.getMessage().matches("(is not a valid URL|must|has) .*"), e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> mutatedUrls() {
    Arbitrary<String> scheme = Arbitraries.of("rtsp", "rtsps", "RTSP", "http", "", "rtsp:", "rtsp:/");
    Arbitrary<String> user = Arbitraries.of("", "admin@", "admin:pw@", ":@", "@", "a:b:c@d@");
    Arbitrary<String> host = Arbitraries.oneOf(Arbitraries.of("10.0.0.1", "cam.example", "[fd00::1]", "[::1",
        "", "999.1.1.1", "host_name", "-x-", "%41", "a..b"), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> port = Arbitraries.of("", ":554", ":0", ":65535", ":65536", ":99999999999", ":-1", ":x", ":");
    Arbitrary<String> rest = Arbitraries.of("", "/", "/live?x=1", "/a b", "#frag", "/%zz", "/\u00e9", "?");
    return Combinators.combine(scheme, user, host, port, rest).as((s, u, h, p, r) -> s + "://" + u + h + p + r);
  }

  @Provide
  Arbitrary<String> secrets() {
    return Arbitraries.strings().withChars("abcXYZ0189!$&'()*+,;=-._~").ofMinLength(6).ofMaxLength(30);
  }
}
