package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAddressPolicyTest {
  private static String refusal(StreamAddressPolicy p, String literal) throws Exception {
    return p.refusal(InetAddress.getByName(literal));
  }

  @Test
  void refusesAddressesThatReachTheServerOrItsCloud() throws Exception {
    for (String a : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "169.254.169.254", "fe80::1",
        "224.0.0.1", "ff02::1", "255.255.255.255", "0.1.2.3", "::ffff:127.0.0.1", "::ffff:169.254.169.254"}) {
      assertNotNull(refusal(StreamAddressPolicy.defaults(), a), a);
    }
  }

  @Test
  void allowsCameraNetworks() throws Exception {
    for (String a : new String[] {"192.168.10.21", "10.1.2.3", "172.16.5.5", "192.0.2.10", "100.64.1.1", "8.8.8.8",
        "fd00::10", "2001:db8::5"}) {
      assertNull(refusal(StreamAddressPolicy.defaults(), a), a);
    }
  }

  @Test
  void namesAreCheckedByWhatTheyResolveTo() {
    StreamCheckException e = assertThrows(StreamCheckException.class,
        () -> StreamAddressPolicy.defaults().check(URI.create("rtsp://localhost:554/x")));
    assertEquals(StreamCheckException.ADDRESS_NOT_ALLOWED, e.code());
    e = assertThrows(StreamCheckException.class,
        () -> StreamAddressPolicy.defaults().check(URI.create("rtsp://[::1]:554/x")));
    assertEquals(StreamCheckException.ADDRESS_NOT_ALLOWED, e.code());
    assertThrows(StreamCheckException.class,
        () -> StreamAddressPolicy.defaults().check(URI.create("rtsp://no-such-host.invalid/x")));
  }

  @Test
  void aConfiguredListAllowsOnlyItsNetworksAndMayTrustLoopback() throws Exception {
    StreamAddressPolicy p = StreamAddressPolicy.allowing(List.of("10.20.0.0/16", "127.0.0.0/8", "fd00::/8"));
    assertNull(refusal(p, "10.20.3.4"));
    assertNull(refusal(p, "127.0.0.1"));
    assertNull(refusal(p, "::ffff:127.0.0.1"));
    assertNull(refusal(p, "fd12::1"));
    assertNotNull(refusal(p, "10.21.0.1"), "a private range not listed is refused");
    assertNotNull(refusal(p, "192.168.1.1"));
    assertNotNull(refusal(p, "169.254.169.254"));
    assertNotNull(refusal(p, "::1"), "IPv6 loopback is not in an IPv4 block");
    assertEquals(InetAddress.getByName("127.0.0.1"), p.check(URI.create("rtsp://127.0.0.1:8554/x")));
  }

  @Test
  void badNetworksAreNamed() {
    for (String bad : new String[] {"10.0.0.0", "10.0.0.0/33", "fd00::/129", "example.com/8", "10.0.0.0/x", "/8"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StreamAddressPolicy.allowing(List.of(bad)), bad);
      assertEquals(true, e.getMessage().contains(bad), e.getMessage());
    }
    assertEquals(StreamAddressPolicy.defaults(), StreamAddressPolicy.allowing(List.of()));
  }
}
