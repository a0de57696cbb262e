package io.vigil.web.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class StreamAddressPolicyTest {
  private static String refusal(String literal) throws Exception {
    return StreamAddressPolicy.refusal(InetAddress.getByName(literal));
  }

  @Test
  void refusesAddressesThatReachTheServerOrItsCloud() throws Exception {
    for (String a : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "169.254.169.254", "fe80::1",
        "224.0.0.1", "ff02::1", "255.255.255.255", "0.1.2.3", "::ffff:127.0.0.1", "::ffff:169.254.169.254"}) {
      assertNotNull(refusal(a), a);
    }
  }

  @Test
  void allowsCameraNetworks() throws Exception {
    for (String a : new String[] {"192.168.10.21", "10.1.2.3", "172.16.5.5", "192.0.2.10", "100.64.1.1", "8.8.8.8",
        "fd00::10", "2001:db8::5"}) {
      assertNull(refusal(a), a);
    }
  }

  @Test
  void namesAreCheckedByWhatTheyResolveTo() {
    ApiError e = org.junit.jupiter.api.Assertions.assertThrows(ApiError.class,
        () -> StreamAddressPolicy.check(URI.create("rtsp://localhost:554/x")));
    assertEquals("address_not_allowed", e.code());
    assertEquals(422, e.status());
    e = org.junit.jupiter.api.Assertions.assertThrows(ApiError.class,
        () -> StreamAddressPolicy.check(URI.create("rtsp://[::1]:554/x")));
    assertEquals("address_not_allowed", e.code());
  }
}
