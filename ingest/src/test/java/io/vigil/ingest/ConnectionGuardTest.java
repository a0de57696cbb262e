package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.ingest.testing.TestNetworkGuard;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * What the guard admits. Its refusals are not exercised here: one would fail this very class
 * ({@link TestNetworkGuard}), which is the point; the closing note of issue #14 shows a test that
 * dials TEST-NET being refused and failing the build.
 */
class ConnectionGuardTest {
  @Test
  void testJvmsRunGuarded() {
    assertTrue(ConnectionGuard.loopbackOnly(), "the root pom turns the guard on for every test JVM");
    assertTrue(ConnectionGuard.jvmOptions().contains("-D" + ConnectionGuard.PROPERTY + "=" + ConnectionGuard.LOOPBACK_ONLY),
        "child JVMs inherit it: " + ConnectionGuard.jvmOptions());
  }

  @Test
  void loopbackIsAdmittedAndNamesResolveToTheAddressDialled() throws Exception {
    long before = ConnectionGuard.refusals();
    assertTrue(ConnectionGuard.destination("test", "localhost", null).isLoopbackAddress());
    assertEquals("127.0.0.1", ConnectionGuard.destination("test", "127.0.0.1", null).getHostAddress());
    assertTrue(ConnectionGuard.destination("test", "[::1]", null).isLoopbackAddress());
    InetAddress checked = InetAddress.getByName("127.0.0.5");
    assertEquals(checked, ConnectionGuard.destination("test", "camera.local", checked), "a checked address is kept");
    assertEquals(before, ConnectionGuard.refusals());
  }

  @Test
  void withoutTheGuardNothingIsResolvedOrChanged() throws Exception {
    System.clearProperty(ConnectionGuard.PROPERTY);
    try {
      assertNull(ConnectionGuard.destination("test", "camera.example", null), "production: the caller's own rules decide");
    } finally {
      System.setProperty(ConnectionGuard.PROPERTY, ConnectionGuard.LOOPBACK_ONLY);
    }
  }
}
